import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use instead of at start-up: for packages that cost tens of
 * ms to load and that many runs never need (kafkajs on MQTT, mqtt.js in Central, pino-pretty off a terminal).
 */
export function lazyPackage<T>(name: string): () => T {
  return () => requireCjs(name) as T;
}
