import type { MqttClient } from 'mqtt';
import { SubscribeRefusedError } from '../errors.ts';

const REFUSED = 0x80; // MQTT 3.1.1 §3.9.3 SUBACK failure return code

/** SUBSCRIBE at QoS 1; rejects with SubscribeRefusedError naming a pattern the broker refused. */
export function subscribeAtBroker(client: MqttClient, patterns: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    client.subscribe(patterns, { qos: 1 }, (error) => {
      if (!error) return resolve();
      // mqtt.js fails the whole call; the SUBACK it carries says which pattern was refused.
      const granted = (error as Error & { packet?: { granted?: number[] } }).packet?.granted;
      const refusedAt = granted?.findIndex((code) => (code & REFUSED) !== 0) ?? -1;
      reject(refusedAt >= 0 ? new SubscribeRefusedError(patterns[refusedAt] ?? patterns.join(', ')) : error);
    });
  });
}

export function unsubscribeAtBroker(client: MqttClient, patterns: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    client.unsubscribe(patterns, (error) => (error ? reject(error) : resolve()));
  });
}
