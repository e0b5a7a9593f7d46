import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import { ACK, EOT, MAX_FRAME_DATA_BYTES, NACK } from '../../protocol/framing/control-bytes.ts';
import { FrameDecoder } from '../../protocol/framing/decoder.ts';
import { encodeFrame } from '../../protocol/framing/encode.ts';
import { encodeMessage } from '../../protocol/parse.ts';
import { LinkError } from './errors.ts';
import { classifyToken } from './inbound.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { TurnCork } from '../../base/turn-cork.ts';
import { PendingRequests } from './pending-requests.ts';
import { SendQueue } from './send-queue.ts';
import { realTimers, type Timers } from './timers.ts';

export interface FramedLinkEvents<M> {
  /** A valid inbound message that no `request()` was waiting for. */
  message: [message: M];
  /** An inbound frame was refused with NACK (bad LRC, not JSON, not a valid message). */
  invalid: [reason: string];
  /** Emitted once, whatever closed the link. */
  close: [reason: string];
}

export interface FramedLinkOptions<S extends z.ZodType> {
  /** Schema every inbound message must satisfy; anything else is answered with NACK. */
  inbound: S;
  logger?: Logger;
  /** No ACK/NACK for a sent frame within this time drops the link. Default 3000. */
  ackTimeoutMs?: number;
  /** Resends of a NACKed frame before the link is dropped. Default 3 (DESIGN §4.1). */
  maxResends?: number;
  /** How long `close()` waits for the peer to close its side before destroying. Default 1000. */
  closeTimeoutMs?: number;
  /** Bytes the handshake read past ENQ/ACK; decoded before anything else. */
  initialBytes?: Uint8Array;
  timers?: Timers;
}

/** The fields a message needs to travel on a link (DESIGN §4.1). */
export interface OutboundMessage {
  type: string;
  id: string;
}

type Socketish = Duplex & { setNoDelay?: (noDelay?: boolean) => unknown; remoteAddress?: string; remotePort?: number };

/** Messages held while nobody listens for 'message' (e.g. between handshake and the caller's `on`). */
const MAX_UNDELIVERED = 256;

/**
 * One framed link (DESIGN §4.1) over an already hand-shaken socket: every message a frame
 * answered by ACK/NACK, one outbound frame in flight, requests matched to replies by `re`.
 */
export class FramedLink<S extends z.ZodType = z.ZodType> extends EventEmitter<FramedLinkEvents<z.infer<S>>> {
  readonly #socket: Socketish;
  readonly #schema: S;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #closeTimeoutMs: number;
  readonly #decoder = new FrameDecoder(MAX_FRAME_DATA_BYTES);
  readonly #queue: SendQueue;
  readonly #requests: PendingRequests<z.infer<S>>;
  readonly #undelivered: z.infer<S>[] = [];
  readonly #socketClosed: Promise<void>;
  #closeReason: string | undefined;
  #destroyTimer: unknown;
  /** Writes of this turn are held (cork) and leave together at its end. */
  readonly #cork: TurnCork;
  #socketError: string | undefined;
  readonly #peer: string;
  readonly #host: string;

  constructor(socket: Duplex, options: FramedLinkOptions<S>) {
    super();
    this.#socket = socket as Socketish;
    this.#cork = new TurnCork(socket, process.nextTick);
    this.#schema = options.inbound;
    this.#logger = options.logger ?? silentLogger;
    this.#timers = options.timers ?? realTimers;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 1000;
    this.#requests = new PendingRequests(this.#timers);
    this.#queue = new SendQueue({
      write: (frame) => this.#write(frame),
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      maxResends: options.maxResends ?? 3,
      onGiveUp: (reason) => this.#shutdown(reason, 'destroy'),
      timers: this.#timers,
    });
    this.#host = this.#socket.remoteAddress ?? '?';
    this.#peer = `${this.#host}:${this.#socket.remotePort ?? '?'}`;
    this.#socket.setNoDelay?.(true);
    this.#socketClosed = new Promise((resolve) => this.#socket.once('close', () => resolve()));
    this.#socket.on('close', () => this.#onSocketClose());
    this.#socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#socketError = error.code ?? error.message;
      this.#logger.debug({ err: error }, 'link socket error');
    });
    this.#socket.on('end', () => this.#shutdown('peer closed the connection without EOT', 'end'));
    (this as EventEmitter).on('newListener', (event: string | symbol) => {
      if (event === 'message' && this.#undelivered.length > 0) queueMicrotask(() => this.#flushUndelivered());
    });
    // Bytes the handshake read past ENQ/ACK go back in front of anything buffered since, so order holds.
    if (options.initialBytes && options.initialBytes.length > 0) this.#socket.unshift(options.initialBytes);
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    // The handshake pauses the socket; an explicit pause is not undone by adding 'data'.
    this.#socket.resume();
  }

  get closed(): boolean {
    return this.#closeReason !== undefined;
  }

  /** Why the link closed; undefined while open. */
  get closeReason(): string | undefined {
    return this.#closeReason;
  }

  /** `host:port` of the peer, kept after the socket closes. */
  get remoteAddress(): string {
    return this.#peer;
  }

  /** The peer's IP address alone (no port), kept after the socket closes: what per-client limits key on. */
  get remoteHost(): string {
    return this.#host;
  }

  /** Frames queued or in flight. */
  get pendingFrames(): number {
    return this.#queue.length;
  }

  /** Resolves when the peer ACKs the frame; rejects (LinkError) when the link gives up or closes. */
  send(message: OutboundMessage): Promise<void> {
    let frame: Buffer;
    try {
      frame = encodeFrame(encodeMessage(message));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.enqueue(frame, `${message.type} ${message.id}`);
  }

  /** Sends `message` and resolves with the inbound message whose `re` is its id. */
  request(message: OutboundMessage, options: { timeoutMs?: number } = {}): Promise<z.infer<S>> {
    const label = `${message.type} ${message.id}`;
    if (this.closed) return Promise.reject(new LinkError('CLOSED', `cannot send ${label}: the link is closed (${this.#closeReason})`));
    const reply = this.#requests.wait(message.id, label, options.timeoutMs ?? 5000);
    this.send(message).catch((error: Error) => this.#requests.fail(message.id, error));
    return reply;
  }

  /**
   * Sends EOT and closes (DESIGN §4.1). Pending sends and requests reject with a CLOSED
   * LinkError; resolves once the socket is closed and no timer of this link remains.
   */
  async close(reason = 'closed locally'): Promise<void> {
    this.#shutdown(reason, 'eot');
    await this.#socketClosed;
  }

  #onData(chunk: Uint8Array): void {
    if (this.closed) return;
    for (const token of this.#decoder.push(chunk)) {
      if (this.closed) return;
      const action = classifyToken(token, this.#schema);
      switch (action.kind) {
        case 'deliver':
          this.#write(Buffer.of(ACK));
          this.#deliver(action.message);
          break;
        case 'refuse':
          this.#write(Buffer.of(NACK));
          this.#logger.warn({ peer: this.remoteAddress, reason: action.reason }, 'refused an inbound frame');
          this.emit('invalid', action.reason);
          break;
        case 'acknowledged':
          if (!this.#queue.acknowledge()) this.#logger.debug({ peer: this.remoteAddress }, 'ACK with no frame in flight');
          break;
        case 'refused':
          if (!this.#queue.refuse()) this.#logger.debug({ peer: this.remoteAddress }, 'NACK with no frame in flight');
          break;
        case 'end':
          this.#shutdown('peer sent EOT', 'end');
          break;
        case 'oversize':
          this.#shutdown(`peer sent a frame over ${MAX_FRAME_DATA_BYTES} bytes`, 'destroy');
          break;
        case 'ignore':
          this.#logger.debug({ peer: this.remoteAddress, reason: action.reason }, 'ignored inbound byte');
          break;
      }
    }
  }

  #deliver(message: z.infer<S>): void {
    const re = (message as { re?: unknown }).re;
    if (typeof re === 'string' && this.#requests.settle(re, message)) return;
    if (this.listenerCount('message') > 0) {
      this.emit('message', message);
      return;
    }
    if (this.#undelivered.length >= MAX_UNDELIVERED) this.#undelivered.shift();
    this.#undelivered.push(message);
  }

  #flushUndelivered(): void {
    while (this.#undelivered.length > 0 && this.listenerCount('message') > 0 && !this.closed) {
      this.emit('message', this.#undelivered.shift()!);
    }
  }

  /**
   * Every ACK, NACK and frame written in one turn of the event loop leaves in one write
   * (cork now, uncork on the next tick): a chunk of several frames is answered with one
   * syscall, and an ACK travels with the reply sent in the same turn.
   */
  #write(bytes: Buffer): void {
    if (!this.#socket.writable) return;
    this.#cork.hold();
    this.#socket.write(bytes);
  }

  #onSocketClose(): void {
    if (this.#destroyTimer !== undefined) this.#timers.clearTimeout(this.#destroyTimer);
    this.#destroyTimer = undefined;
    const cause = this.#socketError ? `connection error: ${this.#socketError}` : 'connection lost';
    this.#shutdown(cause, 'none');
  }

  /** Settles everything pending, closes the socket (how: `how`), emits 'close' once. */
  #shutdown(reason: string, how: 'eot' | 'end' | 'destroy' | 'none'): void {
    if (this.closed) return;
    this.#closeReason = reason;
    const error = new LinkError('CLOSED', `link to ${this.remoteAddress} closed (${reason})`);
    this.#queue.failAll(error);
    this.#requests.rejectAll(error);
    this.#undelivered.length = 0;
    if (how === 'destroy') this.#socket.destroy();
    else if (how !== 'none' && !this.#socket.destroyed) {
      if (how === 'eot' && this.#socket.writable) this.#socket.end(Buffer.of(EOT));
      else this.#socket.end();
      this.#destroyTimer = this.#timers.setTimeout(() => {
        this.#destroyTimer = undefined;
        this.#socket.destroy();
      }, this.#closeTimeoutMs);
    }
    this.#logger.info({ peer: this.remoteAddress, reason }, 'link closed');
    this.emit('close', reason);
  }
}
