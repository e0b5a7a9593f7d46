import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { connectFramedLink, realTimers, type FramedLink, type Timers } from '../../bus/tcp/index.ts';
import { centralToMonitor, makeMessage, type Bye, type Health, type Hello, type Reject } from '../../protocol/index.ts';
import { backoffDelayMs, type BackoffPolicy } from '../../base/backoff.ts';
import { CENTRAL_BACKOFF } from './backoff.ts';
import type { EngineReport } from './engine-report.ts';
import { MonitorRejectedError } from './errors.ts';

export type HelloFields = Pick<Hello, 'cpId' | 'secret' | 'location' | 'pricePerKwh' | 'maxPowerKw'>;

export interface CentralStatus {
  state: 'connecting' | 'connected' | 'retrying' | 'rejected' | 'closed';
  /** Why we are retrying or were rejected. */
  detail?: string;
  /** The heartbeat in force while connected. */
  heartbeatMs?: number;
}

export interface CentralSessionOptions {
  host: string;
  port: number;
  /** Connect over TLS trusting this CA (PEM). */
  tlsCa?: string | Buffer;
  hello: HelloFields;
  /** The engine verdict to report, read at every heartbeat. Undefined: nothing known yet, send nothing. */
  currentReport: () => EngineReport | undefined;
  /** Heartbeat no longer than this, whatever Central asks. */
  maxHeartbeatMs?: number;
  /** How long to wait for welcome/reject. Default 5000. */
  helloTimeoutMs?: number;
  backoff?: BackoffPolicy;
  timers?: Timers;
  random?: () => number;
  logger?: Logger;
}

export interface CentralSessionEvents {
  status: [status: CentralStatus];
  /** Central refused us for a reason retrying cannot fix (DESIGN §4.2 BAD_SECRET, UNKNOWN_CP, BAD_REQUEST). */
  fatal: [error: MonitorRejectedError];
  /** Central named its device bus in `welcome` (DESIGN §4.2), as it sent it. */
  'device-bus': [url: string];
  /** A health message was handed to the link (for tests and the status line). */
  health: [message: Health];
}

type Link = FramedLink<typeof centralToMonitor>;

/**
 * The Monitor's session at Central (DESIGN §4.2): hello → welcome, then `health` on every
 * change and every heartbeat; reconnects with backoff and jitter whenever the link drops.
 */
export class CentralSession extends EventEmitter<CentralSessionEvents> {
  readonly #options: CentralSessionOptions;
  readonly #timers: Timers;
  readonly #logger: Logger;
  #status: CentralStatus = { state: 'connecting' };
  #link: Link | undefined;
  #connecting: Promise<void> | undefined;
  /** The link while hello waits for its answer, so `close()` can cut it short. */
  #helloLink: Link | undefined;
  readonly #stopping = new AbortController();
  #heartbeatMs = 0;
  #heartbeatTimer: unknown;
  #retryTimer: unknown;
  #failures = 0;
  #closed = false;

  constructor(options: CentralSessionOptions) {
    super();
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#logger = options.logger ?? silentLogger;
  }

  get status(): CentralStatus {
    return this.#status;
  }

  get address(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  start(): void {
    this.#attempt();
  }

  /** Sends the current verdict now (a change) and restarts the heartbeat period from here. */
  reportNow(): void {
    if (this.#link) this.#beat();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimer('retry');
    this.#stopTimer('heartbeat');
    this.#stopping.abort();
    void this.#helloLink?.close('monitor stopping');
    await this.#connecting;
    const link = this.#link;
    this.#link = undefined;
    // DESIGN §4.2 `bye`: a clean stop, so Central shows DISCONNECTED at once and never a fault (issue 12).
    if (link && !link.closed) {
      await withTimeout(link.send(makeMessage<Bye>('bye', { cpId: this.#options.hello.cpId, reason: 'stopped' })), 1000).catch(() => undefined);
    }
    await link?.close('monitor stopping');
    this.#setStatus({ state: 'closed' });
  }

  #attempt(): void {
    this.#connecting = this.#connect().finally(() => (this.#connecting = undefined));
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    // While retrying the status stays 'retrying' with the last reason, so it does not flicker.
    if (this.#status.state !== 'retrying') this.#setStatus({ state: 'connecting' });
    let link: Link | undefined;
    try {
      const { host, port } = this.#options;
      const tls = this.#options.tlsCa === undefined ? {} : { tls: { ca: this.#options.tlsCa } };
      link = await connectFramedLink({ host, port, inbound: centralToMonitor, logger: this.#logger, signal: this.#stopping.signal, ...tls });
      const hello = makeMessage<Hello>('hello', this.#options.hello);
      this.#helloLink = link;
      const reply = await link.request(hello, { timeoutMs: this.#options.helloTimeoutMs ?? 5000 }).finally(() => (this.#helloLink = undefined));
      if (this.#closed) throw new Error('monitor stopping');
      if (reply.type === 'reject') {
        await link.close(`rejected: ${reply.code}`);
        this.#onReject(reply);
        return;
      }
      if (reply.deviceBus !== undefined) this.emit('device-bus', reply.deviceBus);
      this.#onWelcome(link, reply.heartbeatMs);
    } catch (error) {
      await link?.close('hello failed');
      if (this.#closed) return;
      this.#retry(`${(error as Error).message}`);
    }
  }

  #onWelcome(link: Link, heartbeatMs: number): void {
    if (link.closed) {
      this.#retry(`link lost right after welcome: ${link.closeReason}`);
      return;
    }
    this.#failures = 0;
    this.#link = link;
    this.#heartbeatMs = Math.min(heartbeatMs, this.#options.maxHeartbeatMs ?? Infinity);
    this.#logger.info({ central: this.address, heartbeatMs: this.#heartbeatMs }, 'welcomed by Central');
    link.on('close', (reason) => this.#onClose(link, reason));
    link.on('message', (message) => {
      if (message.type === 'reject') void link.close(`rejected: ${message.code}`).then(() => this.#onReject(message));
    });
    this.#setStatus({ state: 'connected', heartbeatMs: this.#heartbeatMs });
    this.#beat();
  }

  #onReject(reject: Reject): void {
    if (this.#closed) return;
    if (reject.code === 'DUPLICATE') {
      // Our previous link may still be alive at Central; it goes once its heartbeats stop.
      this.#retry(`Central says ${this.#options.hello.cpId} is already connected (DUPLICATE)`);
      return;
    }
    if (reject.code === 'PENDING') {
      // Registration approve (DESIGN §4.2): we wait for the operator, asking again with backoff.
      this.#logger.warn({ central: this.address, reason: reject.message }, 'waiting for the operator to accept this CP');
      this.#retry(`PENDING: ${reject.message}`);
      return;
    }
    const error = new MonitorRejectedError(this.#options.hello.cpId, this.address, reject.code, reject.message);
    this.#logger.error({ central: this.address, code: reject.code, reason: reject.message }, 'rejected by Central');
    this.#setStatus({ state: 'rejected', detail: `${reject.code}: ${reject.message}` });
    this.emit('fatal', error);
  }

  #onClose(link: Link, reason: string): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    this.#stopTimer('heartbeat');
    if (!this.#closed && this.#status.state !== 'rejected') this.#retry(`link lost: ${reason}`);
  }

  /** Sends health (when the verdict is known) and arms the next heartbeat. */
  #beat(): void {
    this.#stopTimer('heartbeat');
    const link = this.#link;
    if (!link) return;
    const report = this.#options.currentReport();
    if (report) {
      const { cpId } = this.#options.hello;
      const message = makeMessage<Health>('health', { cpId, engine: report.engine, ...(report.detail ? { detail: report.detail.slice(0, 500) } : {}) });
      link.send(message).catch((error: Error) => this.#logger.debug({ err: error.message }, 'health not delivered'));
      this.emit('health', message);
    }
    this.#heartbeatTimer = this.#timers.setTimeout(() => {
      this.#heartbeatTimer = undefined;
      this.#beat();
    }, this.#heartbeatMs);
  }

  #retry(detail: string): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delayMs = backoffDelayMs(this.#failures++, this.#options.backoff ?? CENTRAL_BACKOFF, this.#options.random);
    // The same failure again is worth a debug line, not a warning every few seconds.
    const level = this.#status.state === 'retrying' && this.#status.detail === detail ? 'debug' : 'warn';
    this.#logger[level]({ central: this.address, detail, retryInMs: delayMs }, 'no session at Central; retrying');
    this.#setStatus({ state: 'retrying', detail });
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = undefined;
      this.#attempt();
    }, delayMs);
  }

  #setStatus(status: CentralStatus): void {
    const current = this.#status;
    if (current.state === status.state && current.detail === status.detail && current.heartbeatMs === status.heartbeatMs) return;
    this.#status = status;
    this.emit('status', status);
  }

  #stopTimer(which: 'retry' | 'heartbeat'): void {
    const handle = which === 'retry' ? this.#retryTimer : this.#heartbeatTimer;
    if (handle !== undefined) this.#timers.clearTimeout(handle);
    if (which === 'retry') this.#retryTimer = undefined;
    else this.#heartbeatTimer = undefined;
  }
}

/** `promise`, or a rejection after `ms`: a goodbye must not hold a stop up. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
