import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CpView, PendingCpView, SessionView } from '../core/index.ts';
import type { CentralEventLine, CentralOperations } from '../operations.ts';
import { LiveSeries, type LiveSeriesSnapshot, type SitePoint } from './live-series.ts';

export interface SseSnapshot {
  cps: CpView[];
  /** CPs waiting as PENDING under registration approve (`acceptedAtMs` once accepted, until their next hello). */
  pending: PendingCpView[];
  sessions: SessionView[];
  log: CentralEventLine[];
  charts: LiveSeriesSnapshot;
}

export interface SseHubOptions {
  logger: Logger;
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /** Log lines kept for the snapshot of a new client. Default 50. */
  logHistory?: number;
  /** Sessions in the snapshot. Default 20. */
  snapshotSessions?: number;
  /**
   * Events are gathered this long and sent as one write per client, a CP's updates
   * coalesced to its latest (so 1,000 charging CPs cost each client ≤ 50 writes/s, not
   * 1,000). Default 20 ms, which leaves room in issue 11's telemetry → SSE p99 budget of
   * 100 ms; 0 sends each event at once.
   */
  batchMs?: number;
  /** The site chart's sampling period. Default 5 s. */
  siteSampleMs?: number;
}

interface Client {
  res: ServerResponse;
  /** Events that arrived while the snapshot was being built; sent right after it. */
  pending: string[] | undefined;
}

/** A client this far behind is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * `GET /events` (DESIGN §6): Server-Sent Events `snapshot` on connect, then `cp` (a
 * CpView on every change), `cp-removed` ({id}), `pending` (every pending CP, when that list
 * changes), `session` (a SessionView when one ends), `log` lines and `site` points (power
 * now, energy today) for the charts.
 */
export class SseHub {
  readonly #operations: CentralOperations;
  readonly #logger: Logger;
  readonly #clients = new Set<Client>();
  readonly #log: CentralEventLine[] = [];
  readonly #logHistory: number;
  readonly #snapshotSessions: number;
  readonly #batchMs: number;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #series: LiveSeries;
  /** The batch being gathered: CP updates by id (latest wins), other frames in order. */
  readonly #batchCps = new Map<string, CpView>();
  /** The latest pending list in this batch, if it changed. */
  #batchPending: PendingCpView[] | undefined;
  #batchFrames: string[] = [];
  #batchTimer: NodeJS.Timeout | undefined;
  readonly #onCp = (view: CpView) => {
    if (this.#clients.size === 0) return;
    this.#batchCps.set(view.id, view);
    this.#scheduleFlush();
  };
  readonly #onSession = (view: SessionView) => this.#queue(frame('session', view));
  readonly #onPending = (views: PendingCpView[]) => {
    if (this.#clients.size === 0) return;
    this.#batchPending = views;
    this.#scheduleFlush();
  };
  readonly #onRemoved = (cpId: string) => {
    this.#batchCps.delete(cpId);
    this.#queue(frame('cp-removed', { id: cpId }));
  };
  readonly #onEvent = (line: CentralEventLine) => {
    this.#log.push(line);
    if (this.#log.length > this.#logHistory) this.#log.shift();
    this.#queue(frame('log', line));
  };

  constructor(operations: CentralOperations, options: SseHubOptions) {
    this.#operations = operations;
    this.#logger = options.logger;
    this.#logHistory = options.logHistory ?? 50;
    this.#snapshotSessions = options.snapshotSessions ?? 20;
    this.#batchMs = options.batchMs ?? 20;
    this.#heartbeat = setInterval(() => this.#broadcast(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
    this.#series = new LiveSeries(operations, {
      ...(options.siteSampleMs === undefined ? {} : { sampleMs: options.siteSampleMs }),
      onSitePoint: (point: SitePoint) => this.#queue(frame('site', point)),
    });
    this.#series.loadToday().catch((error: unknown) => this.#logger.warn({ err: error }, "today's energy not read from the ledger"));
    operations.on('cp-updated', this.#onCp);
    operations.on('session-ended', this.#onSession);
    operations.on('cp-removed', this.#onRemoved);
    operations.on('pending-updated', this.#onPending);
    operations.on('event', this.#onEvent);
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Power now and energy today, for the API and metrics. */
  get site(): { powerKw: number; energyTodayKwh: number } {
    return { powerKw: this.#series.powerKw, energyTodayKwh: this.#series.energyTodayKwh };
  }

  /** Takes over the response: headers now, the snapshot as soon as the sessions are read. */
  async attach(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    res.write('retry: 3000\n\n');
    const client: Client = { res, pending: [] };
    this.#clients.add(client);
    const drop = () => this.#clients.delete(client);
    req.on('close', drop);
    res.on('close', drop);
    let sessions: SessionView[] = [];
    try {
      sessions = await this.#operations.sessionViews(this.#snapshotSessions);
    } catch (error) {
      this.#logger.warn({ err: error }, 'SSE snapshot without sessions');
    }
    if (!this.#clients.has(client)) return;
    // CP updates still gathered in the batch are older than these views: the snapshot has them.
    const snapshot: SseSnapshot = { cps: this.#operations.cpViews(), pending: this.#operations.pendingViews(), sessions, log: [...this.#log], charts: this.#series.snapshot() };
    const pending = client.pending ?? [];
    client.pending = undefined;
    this.#write(client, frame('snapshot', snapshot) + pending.join(''));
  }

  /** Ends every open stream so the HTTP server can close. */
  close(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#batchTimer);
    this.#series.close();
    this.#operations.off('cp-updated', this.#onCp);
    this.#operations.off('session-ended', this.#onSession);
    this.#operations.off('cp-removed', this.#onRemoved);
    this.#operations.off('pending-updated', this.#onPending);
    this.#operations.off('event', this.#onEvent);
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
  }

  #queue(text: string): void {
    if (this.#clients.size === 0) return;
    this.#batchFrames.push(text);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#batchMs === 0) return this.#flush();
    this.#batchTimer ??= setTimeout(() => this.#flush(), this.#batchMs);
  }

  #flush(): void {
    this.#batchTimer = undefined;
    let text = '';
    for (const view of this.#batchCps.values()) text += frame('cp', view);
    this.#batchCps.clear();
    // Before the CP updates' frames that follow: a CP that just registered leaves the list, then shows as a card.
    if (this.#batchPending) text = frame('pending', this.#batchPending) + text;
    this.#batchPending = undefined;
    text += this.#batchFrames.join('');
    this.#batchFrames = [];
    if (text !== '') this.#broadcast(text);
  }

  #broadcast(text: string): void {
    for (const client of this.#clients) {
      if (client.pending) client.pending.push(text);
      else this.#write(client, text);
    }
  }

  #write(client: Client, text: string): void {
    if (client.res.writableLength > MAX_BUFFERED_BYTES) {
      this.#logger.warn('SSE client too slow; dropping it');
      this.#clients.delete(client);
      client.res.destroy();
      return;
    }
    client.res.write(text);
  }
}

/** One SSE event; JSON text holds no raw newlines, so one `data:` line suffices. */
export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
