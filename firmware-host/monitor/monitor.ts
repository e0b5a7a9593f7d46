import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { type Timers } from '../../bus/tcp/index.ts';
import { EvcError, type Health, type Hello } from '../../protocol/index.ts';
import type { BackoffPolicy } from '../../base/backoff.ts';
import { CentralSession } from './central-session.ts';
import { EnginePoller } from './engine-poller.ts';
import { deviceBusFromWelcome } from './device-bus.ts';
import { isVerdictChange, type EngineReport } from './engine-report.ts';
import type { MonitorRejectedError } from './errors.ts';
import { StatusDisplay, type MonitorStatus, type StatusOutput } from './status-line.ts';

export interface MonitorOptions {
  cpId: string;
  central: { host: string; port: number };
  /** Central's Monitor port speaks TLS; trust this CA (PEM) for its certificate (`--tls-ca`). */
  tlsCa?: string | Buffer;
  secret: string;
  location: Hello['location'];
  pricePerKwh?: number;
  maxPowerKw?: number;
  /** The Engine's local socket (DESIGN §4.3). Default 127.0.0.1:7100. */
  engine?: { host?: string; port?: number };
  /** Heartbeat no longer than this, even if Central asks for more. Default: Central's value. */
  heartbeatMs?: number;
  /** Default 1000 (DESIGN §4.3). */
  pingIntervalMs?: number;
  /** Default 1000 (DESIGN §4.3). */
  pongTimeoutMs?: number;
  /** Default 5000. */
  helloTimeoutMs?: number;
  centralBackoff?: BackoffPolicy;
  engineBackoff?: BackoffPolicy;
  logger?: Logger;
  /** Where the status line goes; redrawn in place when it is a TTY, logged otherwise. */
  statusOutput?: StatusOutput;
  /** The terminal is shared with the Engine (evc cp): status changes as whole lines, never redrawn in place. */
  statusLines?: boolean;
  timers?: Timers;
  random?: () => number;
  /** Aborting closes the Monitor (SIGINT in the CLI). */
  signal?: AbortSignal;
}

export interface MonitorEvents {
  status: [status: MonitorStatus];
  /** Every health message handed to the Central link. */
  health: [message: Health];
  fatal: [error: MonitorRejectedError];
}

/** A promise whose rejection is handled even if nobody awaits it. */
function settleable<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * The CP host's Monitor (DESIGN §1, §4.2–4.3): keeps a session at Central and tells it the
 * Engine's health on every change and every heartbeat.
 */
export class Monitor extends EventEmitter<MonitorEvents> {
  readonly #cpId: string;
  readonly #logger: Logger;
  readonly #session: CentralSession;
  readonly #poller: EnginePoller;
  readonly #display: StatusDisplay;
  readonly #welcomed = settleable<void>();
  readonly #done = settleable<void>();
  #engine: EngineReport | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: MonitorOptions) {
    super();
    this.#cpId = options.cpId;
    this.#logger = options.logger ?? silentLogger;
    const common = { timers: options.timers, random: options.random, logger: this.#logger };
    this.#poller = new EnginePoller({
      host: options.engine?.host ?? '127.0.0.1',
      port: options.engine?.port ?? 7100,
      pingIntervalMs: options.pingIntervalMs,
      pongTimeoutMs: options.pongTimeoutMs,
      backoff: options.engineBackoff,
      ...common,
    });
    const { cpId, secret, location, pricePerKwh, maxPowerKw } = options;
    this.#session = new CentralSession({
      host: options.central.host,
      port: options.central.port,
      ...(options.tlsCa === undefined ? {} : { tlsCa: options.tlsCa }),
      hello: { cpId, secret, location, pricePerKwh, maxPowerKw },
      currentReport: () => this.#engine,
      maxHeartbeatMs: options.heartbeatMs,
      helloTimeoutMs: options.helloTimeoutMs,
      backoff: options.centralBackoff,
      ...common,
    });
    this.#display = new StatusDisplay(options.statusOutput, this.#logger, options.statusLines !== true);
    this.#poller.on('report', (report) => this.#onEngineReport(report));
    this.#session.on('status', (status) => {
      if (status.state === 'connected') this.#welcomed.resolve();
      this.#publishStatus();
    });
    this.#session.on('health', (message) => this.emit('health', message));
    this.#session.on('device-bus', (url) => {
      const resolved = deviceBusFromWelcome(url, options.central.host);
      this.#logger.info({ cpId: this.#cpId, deviceBus: resolved }, 'device bus named by Central');
      this.#poller.setDeviceBus(resolved);
    });
    this.#session.on('fatal', (error) => void this.#fail(error));
    options.signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  get status(): MonitorStatus {
    return { cpId: this.#cpId, central: this.#session.status, engine: this.#engine };
  }

  /** Resolves on the first welcome; rejects when Central rejects the CP or the Monitor is closed first. */
  get welcomed(): Promise<void> {
    return this.#welcomed.promise;
  }

  /** Resolves once `close()` finished; rejects with a MonitorRejectedError if Central rejected the CP. */
  get done(): Promise<void> {
    return this.#done.promise;
  }

  start(): void {
    this.#publishStatus();
    this.#poller.start();
    this.#session.start();
  }

  /** Closes both links (EOT) and every timer. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#welcomed.reject(new EvcError('STOPPED', `the Monitor of ${this.#cpId} stopped before Central welcomed it`));
      await Promise.all([this.#session.close(), this.#poller.close()]);
      this.#display.close();
      this.#done.resolve();
    })();
    return this.#closing;
  }

  async #fail(error: MonitorRejectedError): Promise<void> {
    this.#welcomed.reject(error);
    this.#done.reject(error);
    this.emit('fatal', error);
    await this.close();
  }

  #onEngineReport(report: EngineReport): void {
    const previous = this.#engine;
    this.#engine = report;
    if (isVerdictChange(previous, report)) {
      this.#logger.info({ cpId: this.#cpId, engine: report.engine, detail: report.detail }, 'engine health changed');
      this.#session.reportNow();
    }
    this.#publishStatus();
  }

  #publishStatus(): void {
    const status = this.status;
    this.#display.update(status);
    this.emit('status', status);
  }
}

/**
 * Starts a Monitor and resolves once Central welcomed it (retrying while Central is
 * unreachable); rejects with a clear error when Central rejects the CP for good.
 */
export async function runMonitor(options: MonitorOptions): Promise<Monitor> {
  const monitor = new Monitor(options);
  monitor.start();
  try {
    await monitor.welcomed;
  } catch (error) {
    await monitor.close();
    throw error;
  }
  return monitor;
}
