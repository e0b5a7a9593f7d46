// Tidying a shared MQTT broker (Mosquitto) after an e2e run.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { MqttClient } from 'mqtt';

/** Clears retained messages (an empty retained publish deletes one, MQTT 3.1.1 §3.3.1.3). */
export async function clearRetained(url: string, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const { hostname, port } = new URL(url);
  const client = new MqttClient(() => net.createConnection({ host: hostname, port: Number(port) }), {
    clientId: `evc-e2e-tidy-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 2000,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await Promise.all(topics.map((topic) => client.publishAsync(topic, '', { retain: true, qos: 1 })));
  } finally {
    await client.endAsync();
  }
}
