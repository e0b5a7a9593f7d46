import { EventEmitter, once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import type { z } from 'zod';
import { LinkError } from './errors.ts';
import { answerEnquiry, awaitEnquiry } from './handshake.ts';
import { FramedLink, type FramedLinkOptions } from './link.ts';
import { silentLogger } from '../../base/logger.ts';
import { LISTEN_BACKLOG } from '../../base/listen-backlog.ts';
import { realTimers } from './timers.ts';

export interface PeerInfo {
  remoteAddress: string;
  remotePort: number;
}

export interface FramedServerOptions<S extends z.ZodType> extends Omit<FramedLinkOptions<S>, 'initialBytes'> {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port; read it from `port` after `listen()`. */
  port?: number;
  /** Open links past which a new client is answered NACK (DESIGN §4.1 "full"). Default unlimited. */
  maxConnections?: number;
  /** Decides whether to ACK a client; false (or a throw) answers NACK. */
  accept?: (peer: PeerInfo) => boolean | Promise<boolean>;
  /** A client that sends no ENQ within this time is dropped. Default 5000. */
  handshakeTimeoutMs?: number;
  /** Serve over TLS with this certificate and key (PEM); the ENQ/ACK handshake runs inside it. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface FramedServerEvents<S extends z.ZodType> {
  /** A client completed the handshake (after our ACK). */
  link: [link: FramedLink<S>];
  /** A client was answered NACK, or dropped before its handshake finished. */
  refused: [peer: PeerInfo, reason: string];
  /** The listening socket failed after `listen()` resolved. */
  error: [error: Error];
}

/** Accepts framed links (DESIGN §4.1): waits for ENQ, answers ACK or NACK, hands out FramedLinks. */
export class FramedServer<S extends z.ZodType = z.ZodType> extends EventEmitter<FramedServerEvents<S>> {
  readonly #options: FramedServerOptions<S>;
  readonly #server: net.Server | tls.Server;
  readonly #links = new Set<FramedLink<S>>();
  readonly #handshaking = new Set<net.Socket>();
  /** Every accepted socket until its 'close', so `close()` can wait for the last one. */
  readonly #sockets = new Map<net.Socket, Promise<void>>();
  #closing = false;

  constructor(options: FramedServerOptions<S>) {
    super();
    this.#options = options;
    const onConnection = (socket: net.Socket): void => void this.#onConnection(socket);
    if (options.tls) {
      const server = tls.createServer({ cert: options.tls.cert, key: options.tls.key, noDelay: true, handshakeTimeout: options.handshakeTimeoutMs ?? 5000 }, onConnection);
      server.on('tlsClientError', (error, socket) => {
        this.emit('refused', { remoteAddress: socket.remoteAddress ?? '?', remotePort: socket.remotePort ?? 0 }, `TLS handshake failed: ${error.message}`);
      });
      this.#server = server;
    } else {
      this.#server = net.createServer({ noDelay: true }, onConnection);
    }
  }

  /** Starts listening; resolves with the bound address, rejects (LISTEN) when the port is taken or not allowed. */
  async listen(): Promise<{ host: string; port: number }> {
    const host = this.#options.host ?? '127.0.0.1';
    const port = this.#options.port ?? 0;
    this.#server.listen({ port, host, backlog: LISTEN_BACKLOG });
    try {
      await once(this.#server, 'listening');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? 'the port is already in use (is another instance running?)' : code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : (error as Error).message;
      throw new LinkError('LISTEN', `cannot listen on ${host}:${port}: ${why}`);
    }
    this.#server.on('error', (error) => this.emit('error', error));
    return { host, port: this.port };
  }

  /** The bound port (after `listen()`). */
  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('FramedServer is not listening');
    return address.port;
  }

  /** Links currently open. */
  get links(): ReadonlySet<FramedLink<S>> {
    return this.#links;
  }

  /** Stops accepting, closes every link (EOT) and resolves once all sockets are gone. */
  async close(): Promise<void> {
    this.#closing = true;
    const stopped = this.#server.listening ? new Promise<void>((resolve) => this.#server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.#handshaking) socket.destroy();
    await Promise.all([...this.#links].map((link) => link.close('server closing')));
    await Promise.all(this.#sockets.values());
    await stopped;
  }

  async #onConnection(socket: net.Socket): Promise<void> {
    const logger = this.#options.logger ?? silentLogger;
    const timers = this.#options.timers ?? realTimers;
    const peer: PeerInfo = { remoteAddress: socket.remoteAddress ?? '?', remotePort: socket.remotePort ?? 0 };
    this.#handshaking.add(socket);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve(void this.#sockets.delete(socket))));
    this.#sockets.set(socket, closed);
    socket.on('error', () => {}); // reported by the handshake or the link; never crash the server
    let initialBytes: Buffer;
    try {
      initialBytes = await awaitEnquiry(socket, this.#options.handshakeTimeoutMs ?? 5000, timers);
    } catch (error) {
      this.#handshaking.delete(socket);
      this.emit('refused', peer, (error as Error).message);
      return;
    }
    const refusal = await this.#refusal(peer);
    this.#handshaking.delete(socket);
    if (refusal !== undefined || socket.destroyed) {
      const reason = refusal ?? 'client left during the handshake';
      logger.info({ peer, reason }, 'refused a framed link');
      answerEnquiry(socket, false);
      socket.setTimeout(1000, () => socket.destroy());
      this.emit('refused', peer, reason);
      return;
    }
    answerEnquiry(socket, true);
    const link = new FramedLink(socket, { ...this.#options, initialBytes });
    this.#links.add(link);
    link.once('close', () => this.#links.delete(link));
    logger.info({ peer: link.remoteAddress }, 'framed link open');
    this.emit('link', link);
  }

  async #refusal(peer: PeerInfo): Promise<string | undefined> {
    const immediate = this.#immediateRefusal();
    if (immediate !== undefined || !this.#options.accept) return immediate;
    try {
      if (!(await this.#options.accept(peer))) return 'refused by the accept hook';
    } catch (error) {
      return `accept hook failed: ${(error as Error).message}`;
    }
    // Checked again: other clients may have been accepted while the hook ran.
    return this.#immediateRefusal();
  }

  #immediateRefusal(): string | undefined {
    if (this.#closing) return 'server closing';
    const max = this.#options.maxConnections ?? Infinity;
    return this.#links.size >= max ? `full (${max} links)` : undefined;
  }
}
