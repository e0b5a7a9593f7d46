import net from 'node:net';
import { once } from 'node:events';
import { Aedes, type AedesOptions } from 'aedes';
import { EvcError } from '../../protocol/index.ts';
import { silentLogger, type BusLogger } from '../logger.ts';
import { createSecurityHooks, type Authenticate, type CentralCredentials } from './security-hooks.ts';

export interface EmbeddedBrokerOptions {
  /** Listen address. Default 0.0.0.0 (DESIGN §4.6). */
  host?: string;
  /** Default 1883; 0 picks a free port (read it back from `port`). */
  port?: number;
  /** The privileged identity Central's own clients use. */
  central: CentralCredentials;
  /** Who everyone else is (see security-hooks.ts). Default: nobody but `central` gets in. */
  authenticate?: Authenticate;
  /** How long a subscriber that stopped reading may block delivery before it is dropped. Default 10 s. */
  drainTimeoutMs?: number;
  /** aedes persistence for sessions, QoS 1 queues, retained messages. Default: in memory. */
  persistence?: AedesOptions['persistence'];
  logger?: BusLogger;
}

/** An in-process MQTT broker (aedes) on a TCP listener with TCP_NODELAY (DESIGN §4.4, §4.6). */
export class EmbeddedBroker {
  readonly #aedes: Aedes;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  readonly #host: string;
  #port = 0;
  #closing: Promise<void> | undefined;

  private constructor(aedes: Aedes, server: net.Server, host: string) {
    this.#aedes = aedes;
    this.#server = server;
    this.#host = host;
  }

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const logger = options.logger ?? silentLogger;
    const aedes = await Aedes.createBroker({
      drainTimeout: options.drainTimeoutMs ?? 10_000,
      ...(options.persistence ? { persistence: options.persistence } : {}),
      ...createSecurityHooks({ central: options.central, authenticate: options.authenticate, logger }),
    });
    aedes.on('clientError', (client, error) => logger.debug({ clientId: client.id, err: error }, 'mqtt client error'));
    aedes.on('connectionError', (client, error) => logger.debug({ clientId: client.id, err: error }, 'mqtt connection error'));
    const server = net.createServer({ noDelay: true });
    const broker = new EmbeddedBroker(aedes, server, options.host ?? '0.0.0.0');
    server.on('connection', (socket) => broker.#accept(socket));
    try {
      await broker.#listen(options.port ?? 1883);
    } catch (error) {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      throw error;
    }
    server.on('error', (error) => logger.error({ err: error }, 'embedded MQTT broker listener error'));
    logger.info({ url: broker.url }, 'embedded MQTT broker listening');
    return broker;
  }

  get host(): string {
    return this.#host;
  }

  get port(): number {
    return this.#port;
  }

  /** Where a client on this machine reaches it (a wildcard listen address becomes loopback). */
  get url(): string {
    const host = this.#host === '0.0.0.0' || this.#host === '::' ? '127.0.0.1' : this.#host;
    return `mqtt://${host.includes(':') ? `[${host}]` : host}:${this.#port}`;
  }

  get connectedClients(): number {
    return this.#aedes.connectedClients;
  }

  /** Stops listening, disconnects every client and releases the port. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const serverClosed = once(this.#server, 'close');
    this.#server.close();
    await new Promise<void>((resolve) => this.#aedes.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await serverClosed;
  }

  #accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    this.#aedes.handle(socket);
  }

  async #listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        this.#server.off('listening', onListening);
        reject(
          error.code === 'EADDRINUSE'
            ? new EvcError('PORT_IN_USE', `MQTT port ${port} on ${this.#host} is already in use; pick another (--mqtt-port)`)
            : new EvcError('LISTEN_FAILED', `cannot listen for MQTT on ${this.#host}:${port}: ${error.message}`),
        );
      };
      const onListening = (): void => {
        this.#server.off('error', onError);
        resolve();
      };
      this.#server.once('error', onError).once('listening', onListening);
      this.#server.listen(port, this.#host);
    });
    this.#port = (this.#server.address() as net.AddressInfo).port;
  }
}

export function createEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  return EmbeddedBroker.start(options);
}
