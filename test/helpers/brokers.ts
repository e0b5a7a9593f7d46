// Brokers the bus tests talk to: the embedded aedes broker (started per suite on a free
// port), the Mosquitto at 127.0.0.1:1883 when it answers, and a TCP proxy that can cut
// a client's connection the way a network failure would.
import net from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { MqttClient } from 'mqtt';
import { createEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from '../../bus/index.ts';

export const CENTRAL = { username: 'central', password: `pw-${randomBytes(6).toString('hex')}` };

export const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883';

/** An embedded broker on 127.0.0.1 and a free port, `central` credentials as CENTRAL. */
export function startTestBroker(options: Partial<EmbeddedBrokerOptions> = {}): Promise<EmbeddedBroker> {
  return createEmbeddedBroker({ host: '127.0.0.1', port: 0, central: CENTRAL, ...options });
}

let mosquittoAnswer: Promise<boolean> | undefined;

/** True when an MQTT broker answers a CONNECT at 127.0.0.1:1883 (checked once per run). */
export function mosquittoAnswers(): Promise<boolean> {
  mosquittoAnswer ??= new Promise((resolve) => {
    const client = new MqttClient(() => net.createConnection({ host: '127.0.0.1', port: 1883 }), {
      clientId: `evc-probe-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 0,
      connectTimeout: 1500,
    });
    const finish = (answered: boolean): void => {
      client.end(true);
      resolve(answered);
    };
    client.once('connect', () => finish(true));
    client.once('error', () => finish(false));
    client.once('close', () => finish(false));
  });
  return mosquittoAnswer;
}

/** Skips the calling suite with a printed reason when Mosquitto is not there. */
export async function requireMosquitto(ctx: Mocha.Context): Promise<void> {
  if (await mosquittoAnswers()) return;
  console.log(`    skipped: no MQTT broker answers at ${MOSQUITTO_URL} (start Mosquitto to run these)`);
  ctx.skip();
}

/** Ends the persistent sessions a test left on a shared broker (CONNECT with clean: true). */
export async function clearSessions(url: string, clientIds: Iterable<string>): Promise<void> {
  const { hostname, port } = new URL(url);
  await Promise.all(
    [...clientIds].map(
      (clientId) =>
        new Promise<void>((resolve) => {
          const client = new MqttClient(() => net.createConnection({ host: hostname, port: Number(port) }), {
            clientId,
            clean: true,
            reconnectPeriod: 0,
            connectTimeout: 2000,
          });
          client.once('connect', () => client.end(false, {}, () => resolve()));
          client.once('error', () => client.end(true, {}, () => resolve()));
        }),
    ),
  );
}

/**
 * A TCP proxy in front of a broker. `cut()` destroys every proxied connection at once (no
 * MQTT DISCONNECT), which is what a pulled cable or a crashed process looks like.
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<[net.Socket, net.Socket]>();

  private constructor(server: net.Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer({ noDelay: true });
    const proxy = new TcpProxy(server);
    server.on('connection', (inbound) => proxy.#pipe(inbound, target));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${(this.#server.address() as net.AddressInfo).port}`;
  }

  cut(): void {
    for (const [inbound, outbound] of this.#pairs) {
      inbound.destroy();
      outbound.destroy();
    }
    this.#pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    const closed = once(this.#server, 'close');
    this.#server.close();
    await closed;
  }

  #pipe(inbound: net.Socket, target: { host: string; port: number }): void {
    const outbound = net.createConnection({ ...target, noDelay: true });
    const pair: [net.Socket, net.Socket] = [inbound, outbound];
    this.#pairs.add(pair);
    const drop = (): void => {
      this.#pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
