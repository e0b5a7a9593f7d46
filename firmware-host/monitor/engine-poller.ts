import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { connectFramedLink, realTimers, type FramedLink, type Timers } from '../../bus/tcp/index.ts';
import { engineLink, makeMessage, type EngineLinkMessage, type Ping } from '../../protocol/index.ts';
import { backoffDelayMs, type BackoffPolicy } from '../../base/backoff.ts';
import { ENGINE_BACKOFF } from './backoff.ts';
import type { EngineReport } from './engine-report.ts';

export interface EnginePollerOptions {
  host: string;
  port: number;
  /** Default 250 ms (DESIGN §4.3 says every second; tuned so a hang is seen within 1.5 s). */
  pingIntervalMs?: number;
  /** Silence budget: nothing from the Engine this long = unreachable. Default 1000 ms (DESIGN §4.3). */
  pongTimeoutMs?: number;
  /**
   * An Engine that has not answered yet since the start (or since it said goodbye) is `starting`, not
   * `unreachable`, for this long (issue 12: no false FAULTED while a CP starts). Default 15 000 ms.
   */
  startGraceMs?: number;
  now?: () => number;
  backoff?: BackoffPolicy;
  timers?: Timers;
  random?: () => number;
  logger?: Logger;
}

export interface EnginePollerEvents {
  /** Every verdict: from a pong, a pushed health, a missed pong or a lost socket. */
  report: [report: EngineReport];
}

type Link = FramedLink<typeof engineLink>;

/**
 * Pings four times a second against a 1 s silence budget: a hung Engine is reported
 * unreachable at most 1 s after its last answer (Central shows FAULTED well within 1.5 s),
 * while a live Engine has four chances to answer before the budget runs out.
 */
export const PING_INTERVAL_MS = 250;
export const SILENCE_BUDGET_MS = 1000;
export const START_GRACE_MS = 15_000;

/**
 * Watches the Engine over its local socket (DESIGN §4.3): connects (and reconnects with
 * backoff), pings every second, turns pongs, pushed `health` and silence into reports.
 */
export class EnginePoller extends EventEmitter<EnginePollerEvents> {
  readonly #options: EnginePollerOptions;
  readonly #timers: Timers;
  readonly #logger: Logger;
  #link: Link | undefined;
  #seq = 0;
  #outstanding: Ping | undefined;
  #pingTimer: unknown;
  #pongTimer: unknown;
  #retryTimer: unknown;
  #failures = 0;
  #closed = false;
  #connecting: Promise<void> | undefined;
  readonly #stopping = new AbortController();
  /** Until then a silent Engine is `starting` (0 once it answered). */
  #graceUntil = 0;
  #graceTimer: unknown;
  #lastReport: EngineReport | undefined;
  #deviceBus: string | undefined;

  constructor(options: EnginePollerOptions) {
    super();
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#logger = options.logger ?? silentLogger;
  }

  get address(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  get connected(): boolean {
    return this.#link !== undefined;
  }

  start(): void {
    this.#startGrace();
    this.#attempt();
  }

  /** The device bus Central named; every ping carries it from now on, for an Engine started without `--bus`. */
  setDeviceBus(url: string): void {
    this.#deviceBus = url;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#clear('retry');
    this.#clear('grace');
    this.#stopPinging();
    this.#stopping.abort();
    await this.#connecting;
    const link = this.#link;
    this.#link = undefined;
    await link?.close('monitor stopping');
  }

  #attempt(): void {
    this.#connecting = this.#connect().finally(() => (this.#connecting = undefined));
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    let link: Link;
    try {
      link = await connectFramedLink({
        host: this.#options.host,
        port: this.#options.port,
        inbound: engineLink,
        connectTimeoutMs: this.#options.pongTimeoutMs ?? SILENCE_BUDGET_MS,
        logger: this.#logger,
        signal: this.#stopping.signal,
      });
    } catch (error) {
      this.#report({ engine: 'unreachable', detail: (error as Error).message });
      this.#scheduleRetry();
      return;
    }
    if (this.#closed) {
      await link.close('monitor stopping');
      return;
    }
    this.#failures = 0;
    this.#link = link;
    this.#logger.info({ engine: this.address }, 'engine link open');
    link.on('message', (message) => this.#onMessage(message));
    link.on('close', (reason) => this.#onClose(link, reason));
    this.#armSilence();
    this.#ping();
  }

  #onMessage(message: EngineLinkMessage): void {
    if (message.type === 'bye') {
      // A clean stop (DESIGN §4.2 bye): until it answers again, it is starting, not a fault.
      this.#logger.info({ engine: this.address }, 'engine said goodbye');
      this.#startGrace();
      return;
    }
    this.#answered();
    if (message.type === 'pong') {
      const answers = this.#outstanding && (message.re === this.#outstanding.id || message.seq === this.#outstanding.seq);
      if (answers) this.#outstanding = undefined;
      this.#armSilence();
      this.#report({ engine: message.health, state: message.state });
    } else if (message.type === 'health') {
      this.#armSilence();
      // DESIGN §4.3: pushed at once when KO changes, so it travels on without waiting for a ping.
      this.#report({ engine: message.engine, ...(message.detail ? { detail: message.detail } : {}) });
    }
  }

  #onClose(link: Link, reason: string): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    this.#stopPinging();
    if (this.#closed) return;
    this.#report({ engine: 'unreachable', detail: `engine link lost: ${reason}` });
    this.#scheduleRetry();
  }

  #ping(): void {
    const link = this.#link;
    if (!link) return;
    // One ping in flight at a time, so a slow Engine is not flooded; the silence verdict frees the slot.
    if (this.#outstanding === undefined) {
      const ping = makeMessage<Ping>('ping', { seq: this.#seq++, ...(this.#deviceBus ? { deviceBus: this.#deviceBus } : {}) });
      this.#outstanding = ping;
      link.send(ping).catch((error: Error) => this.#logger.debug({ err: error.message }, 'ping not delivered'));
    }
    this.#pingTimer = this.#timers.setTimeout(() => {
      this.#pingTimer = undefined;
      this.#ping();
    }, this.#options.pingIntervalMs ?? PING_INTERVAL_MS);
  }

  /**
   * The Engine is unreachable once it has said nothing for the whole budget (DESIGN §4.3, as
   * tuned here): a hang is seen at most one budget after the Engine's last answer, whatever
   * the ping phase, and a busy Engine must stall for the whole budget to be taken for dead.
   */
  #armSilence(): void {
    this.#clear('pong');
    const budgetMs = this.#options.pongTimeoutMs ?? SILENCE_BUDGET_MS;
    this.#pongTimer = this.#timers.setTimeout(() => {
      this.#pongTimer = undefined;
      this.#outstanding = undefined;
      this.#report({ engine: 'unreachable', detail: `no answer from the engine for ${budgetMs} ms` });
    }, budgetMs);
  }

  #stopPinging(): void {
    this.#clear('ping');
    this.#clear('pong');
    this.#outstanding = undefined;
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delayMs = backoffDelayMs(this.#failures++, this.#options.backoff ?? ENGINE_BACKOFF, this.#options.random);
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = undefined;
      this.#attempt();
    }, delayMs);
  }

  #report(report: EngineReport): void {
    if (this.#closed) return;
    const starting = report.engine === 'unreachable' && this.#now() < this.#graceUntil;
    const verdict: EngineReport = starting ? { ...report, engine: 'starting' } : report;
    this.#lastReport = verdict;
    this.emit('report', verdict);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #startGrace(): void {
    if (this.#closed) return;
    const graceMs = this.#options.startGraceMs ?? START_GRACE_MS;
    this.#graceUntil = this.#now() + graceMs;
    this.#clear('grace');
    // Still silent when the grace ends: now it is a fault.
    this.#graceTimer = this.#timers.setTimeout(() => {
      this.#graceTimer = undefined;
      this.#graceUntil = 0;
      if (this.#lastReport?.engine === 'starting') this.#report({ ...this.#lastReport, engine: 'unreachable', detail: `${this.#lastReport.detail ?? 'no answer'} (for ${graceMs} ms since the start)` });
    }, graceMs);
  }

  #answered(): void {
    this.#graceUntil = 0;
    this.#clear('grace');
  }

  #clear(which: 'ping' | 'pong' | 'retry' | 'grace'): void {
    const handle = which === 'ping' ? this.#pingTimer : which === 'pong' ? this.#pongTimer : which === 'retry' ? this.#retryTimer : this.#graceTimer;
    if (handle !== undefined) this.#timers.clearTimeout(handle);
    if (which === 'ping') this.#pingTimer = undefined;
    else if (which === 'pong') this.#pongTimer = undefined;
    else if (which === 'retry') this.#retryTimer = undefined;
    else this.#graceTimer = undefined;
  }
}
