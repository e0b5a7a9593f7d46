import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import type { Aedes, Client } from 'aedes';
import type { AedesPersistence } from 'aedes-persistence';
import { EvcError } from '../../protocol/index.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { PacketGuard } from './packet-guard.ts';
import { indexedRetainedPersistence } from './retained-index.ts';
import { InProcessBus } from './in-process-bus.ts';
import { LISTEN_BACKLOG } from '../../base/listen-backlog.ts';
import { createSecurityHooks, type Authenticate, type CentralCredentials, type OnRejected, type SecurityHooks } from './security-hooks.ts';
import type { RoleKind } from './acl.ts';

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
  /** aedes persistence for sessions, QoS 1 queues, retained messages. Default: in memory, retained messages indexed by topic. */
  persistence?: AedesPersistence;
  logger?: Logger;
  /** Largest MQTT packet (remaining length) taken in; a bigger one closes the socket at its header. Default 64 KiB. */
  maxPacketBytes?: number;
  /** Open connections past which a new one is closed at once. Default 10 000. */
  maxConnections?: number;
  /** Connections from one address that have not logged in yet, past which a new one is closed. Default 64. */
  maxPendingPerAddress?: number;
  /** A connection that has not logged in within this time is closed. Default 10 000. */
  connectTimeoutMs?: number;
  /** Also listen for MQTT over TLS (mqtts://) with this key and certificate (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer; port?: number };
  /** Called for every refused connection, packet, login, publish or subscription (counters). */
  onRejected?: OnRejected;
}

export const DEFAULT_MAX_PACKET_BYTES = 64 * 1024;

/** An in-process MQTT broker (aedes) on a TCP listener with TCP_NODELAY (DESIGN §4.4, §4.6). */
export class EmbeddedBroker {
  readonly #aedes: Aedes;
  readonly #persistence: AedesPersistence;
  readonly #server: net.Server;
  #tlsServer: tls.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  /** Logged-in clients by socket (aedes keeps its own map, not in its types); gone when the socket closes. */
  readonly #clients = new Map<net.Socket, Client>();
  /** Sockets not logged in yet, per remote address (pre-authentication limit). */
  readonly #pending = new Map<string, Set<net.Socket>>();
  readonly #host: string;
  readonly #limits: { maxPacketBytes: number; maxConnections: number; maxPendingPerAddress: number };
  readonly #logger: Logger;
  readonly #onRejected: OnRejected;
  readonly #roleOf: SecurityHooks['roleOf'];
  #port = 0;
  #tlsPort: number | undefined;
  #closing: Promise<void> | undefined;

  private constructor(aedes: Aedes, persistence: AedesPersistence, roleOf: SecurityHooks['roleOf'], server: net.Server, host: string, options: EmbeddedBrokerOptions, logger: Logger, onRejected: OnRejected) {
    this.#aedes = aedes;
    this.#persistence = persistence;
    this.#roleOf = roleOf;
    this.#server = server;
    this.#host = host;
    this.#logger = logger;
    this.#onRejected = onRejected;
    this.#limits = {
      maxPacketBytes: options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES,
      maxConnections: options.maxConnections ?? 10_000,
      maxPendingPerAddress: options.maxPendingPerAddress ?? 64,
    };
  }

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const logger = options.logger ?? silentLogger;
    const onRejected: OnRejected = options.onRejected ?? (() => undefined);
    const { roleOf, ...hooks } = createSecurityHooks({ central: options.central, authenticate: options.authenticate, logger, onRejected });
    const persistence = options.persistence ?? indexedRetainedPersistence();
    // Loaded here, not with the bus layer: only Central runs a broker (aedes and mqtt-packet cost ~50 ms at start-up).
    const { Aedes } = await import('aedes');
    const aedes = await Aedes.createBroker({
      drainTimeout: options.drainTimeoutMs ?? 10_000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      persistence,
      ...hooks,
    });
    aedes.on('clientError', (client, error) => logger.debug({ clientId: client.id, err: error }, 'mqtt client error'));
    aedes.on('connectionError', (client, error) => logger.debug({ clientId: client.id, err: error }, 'mqtt connection error'));
    const server = net.createServer({ noDelay: true });
    const broker = new EmbeddedBroker(aedes, persistence, roleOf, server, options.host ?? '0.0.0.0', options, logger, onRejected);
    aedes.on('client', (client) => broker.#loggedIn(client));
    server.on('connection', (socket) => broker.#accept(socket));
    try {
      await broker.#listen(options.port ?? 1883);
      if (options.tls) await broker.#listenTls(options.tls);
    } catch (error) {
      broker.#tlsServer?.close();
      server.close();
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

  /** The mqtts:// port, when TLS is on. */
  get tlsPort(): number | undefined {
    return this.#tlsPort;
  }

  get tlsUrl(): string | undefined {
    return this.#tlsPort === undefined ? undefined : this.url.replace(/^mqtt:/, 'mqtts:').replace(/:\d+$/, `:${this.#tlsPort}`);
  }

  get connectedClients(): number {
    return this.#aedes.connectedClients;
  }

  /** A bus for this process's own use (Central's): straight into the broker, with no client or socket. */
  localBus(options: { logger?: Logger; maxPayloadBytes?: number } = {}): InProcessBus {
    return new InProcessBus(this.#aedes, { url: this.url, persistence: this.#persistence, ...options });
  }

  /**
   * Closes every connection logged in as this user (a revoked driver): its next login is
   * refused by `authenticate`. Returns how many were closed.
   */
  disconnectUser(kind: RoleKind, id: string): number {
    let closed = 0;
    for (const client of [...this.#clients.values()]) {
      const role = this.#roleOf(client);
      if (role?.kind !== kind || role.id !== id) continue;
      client.close();
      closed++;
    }
    if (closed > 0) this.#logger.info({ kind, id, closed }, `closed ${id}'s MQTT connections`);
    return closed;
  }

  /** Stops listening, disconnects every client and releases the port. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const serverClosed = once(this.#server, 'close');
    this.#server.close();
    const tlsClosed = this.#tlsServer ? once(this.#tlsServer, 'close') : undefined;
    this.#tlsServer?.close();
    await new Promise<void>((resolve) => this.#aedes.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await serverClosed;
    await tlsClosed;
  }

  /**
   * Every connection passes the limits before aedes sees a byte (issue 9: bounded resources
   * before authentication): connection count, pre-login connections per address, and a
   * packet-size guard on the stream aedes reads.
   */
  #accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const address = socket.remoteAddress ?? 'unknown';
    const refuse = (reason: string, detail: string): void => {
      this.#logger.warn({ address, reason }, `mqtt connection refused: ${detail}`);
      this.#onRejected('mqtt', reason);
      socket.destroy();
    };
    if (this.#sockets.size >= this.#limits.maxConnections) return refuse('too-many-connections', `${this.#sockets.size} connections open (limit ${this.#limits.maxConnections})`);
    const pending = this.#pending.get(address) ?? new Set<net.Socket>();
    if (pending.size >= this.#limits.maxPendingPerAddress) {
      return refuse('too-many-pending', `${pending.size} connections from ${address} not logged in yet (limit ${this.#limits.maxPendingPerAddress})`);
    }
    pending.add(socket);
    this.#pending.set(address, pending);
    this.#sockets.add(socket);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      this.#clients.delete(socket);
      this.#settle(socket);
    });
    socket.on('error', () => undefined); // reported through aedes' connectionError
    const guard = new PacketGuard(socket, this.#limits.maxPacketBytes, (reason, detail) => {
      this.#logger.warn({ address, reason }, `mqtt connection closed: ${detail}`);
      this.#onRejected('mqtt', reason);
    });
    this.#aedes.handle(guard);
  }

  #loggedIn(client: Client): void {
    if (!(client.conn instanceof PacketGuard)) return;
    const { socket } = client.conn;
    this.#settle(socket);
    if (!socket.destroyed) this.#clients.set(socket, client);
  }

  /** The socket no longer counts against its address's pre-login limit. */
  #settle(socket: net.Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const pending = this.#pending.get(address);
    if (!pending?.delete(socket)) return;
    if (pending.size === 0) this.#pending.delete(address);
  }

  async #listenTls(options: NonNullable<EmbeddedBrokerOptions['tls']>): Promise<void> {
    const server = tls.createServer({ cert: options.cert, key: options.key, handshakeTimeout: 10_000 });
    this.#tlsServer = server;
    server.on('secureConnection', (socket) => this.#accept(socket));
    server.on('tlsClientError', (error) => {
      this.#logger.warn({ err: error.message }, 'mqtts handshake failed');
      this.#onRejected('mqtt', 'tls-handshake');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new EvcError(error.code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'LISTEN_FAILED', `cannot listen for MQTT over TLS on ${this.#host}:${options.port ?? 8883}: ${error.message}; pick another (--mqtts-port)`)),
      );
      server.listen({ port: options.port ?? 8883, host: this.#host, backlog: LISTEN_BACKLOG }, () => resolve());
    });
    server.on('error', (error) => this.#logger.error({ err: error }, 'embedded MQTT TLS listener error'));
    this.#tlsPort = (server.address() as net.AddressInfo).port;
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
      this.#server.listen({ port, host: this.#host, backlog: LISTEN_BACKLOG });
    });
    this.#port = (this.#server.address() as net.AddressInfo).port;
  }
}

export function createEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  return EmbeddedBroker.start(options);
}
