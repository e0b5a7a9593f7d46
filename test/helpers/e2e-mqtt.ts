// The external MQTT broker of the e2e setting (b): tidying Mosquitto after a run, and a
// stand-in for it when it is not there.
import net from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Aedes } from 'aedes';
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

export interface OpenBroker {
  url: string;
  close(): Promise<void>;
}

/**
 * An aedes broker like the Mosquitto of the test machine: anonymous clients welcome, no ACLs.
 * It stands in for Mosquitto when none answers at 127.0.0.1:1883.
 */
export async function startOpenBroker(): Promise<OpenBroker> {
  const aedes = await Aedes.createBroker({ drainTimeout: 2000 });
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      const closed = once(server, 'close');
      server.close();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
