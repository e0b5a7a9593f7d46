import { createRequire } from 'node:module';
import type * as KafkaJs from 'kafkajs';

const requireCjs = createRequire(import.meta.url);

/**
 * kafkajs, loaded on first use: it costs ~30 ms of start-up, and a process on MQTT only
 * (Central on its embedded defaults, every Engine) never needs it.
 */
export function loadKafkaJs(): typeof KafkaJs {
  return requireCjs('kafkajs') as typeof KafkaJs;
}
