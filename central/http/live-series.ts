import type { CpView, SessionView } from '../core/index.ts';
import type { CentralOperations } from '../operations.ts';

/** Columns as uPlot takes them: times (epoch ms) and values of the same length. */
export interface PowerSeries {
  t: number[];
  kW: number[];
}

export interface SiteSeries extends PowerSeries {
  /** Energy of today's sessions (started since local midnight), ended and live. */
  kWhToday: number[];
}

export interface SitePoint {
  t: number;
  kW: number;
  kWhToday: number;
}

/** What a dashboard needs to draw its charts at once, before the live events. */
export interface LiveSeriesSnapshot {
  /** Central's clock when the snapshot was taken, so a browser can place the points on its own. */
  nowMs: number;
  site: SiteSeries;
  /** Recent power of each CP that is charging now. */
  power: Record<string, PowerSeries>;
}

export interface LiveSeriesOptions {
  now?: () => number;
  /** One site point this often. Default 5 s. */
  sampleMs?: number;
  /** Site points kept (default 720 = one hour at 5 s). */
  siteKeep?: number;
  /** Power samples kept per charging CP (default 120, two minutes of 1 s telemetry). */
  cpKeep?: number;
  onSitePoint?: (point: SitePoint) => void;
}

interface CpPower {
  sessionId: string | undefined;
  series: PowerSeries;
}

/**
 * The figures behind the dashboard's charts (issue 14): each charging CP's recent power
 * and the site's power and energy today, kept in memory from the live CP updates. Bounded:
 * a few hundred numbers per charging CP, one hour of site points.
 */
export class LiveSeries {
  readonly #operations: CentralOperations;
  readonly #now: () => number;
  readonly #siteKeep: number;
  readonly #cpKeep: number;
  readonly #onSitePoint: (point: SitePoint) => void;
  readonly #cps = new Map<string, CpPower>();
  /** Live kWh of each CP's active session (counted as today's, however early it began). */
  readonly #liveKwh = new Map<string, number>();
  readonly #site: SiteSeries = { t: [], kW: [], kWhToday: [] };
  readonly #timer: NodeJS.Timeout;
  #dayStartMs: number;
  #endedTodayKwh = 0;
  readonly #onCp = (view: CpView) => this.#cpUpdated(view);
  readonly #onRemoved = (cpId: string) => {
    this.#cps.delete(cpId);
    this.#liveKwh.delete(cpId);
  };
  readonly #onSession = (view: SessionView) => {
    if (view.startedAt >= this.#dayStartMs) this.#endedTodayKwh += view.kWh;
    this.#liveKwh.delete(view.cpId);
  };

  constructor(operations: CentralOperations, options: LiveSeriesOptions = {}) {
    this.#operations = operations;
    this.#now = options.now ?? Date.now;
    this.#siteKeep = options.siteKeep ?? 720;
    this.#cpKeep = options.cpKeep ?? 120;
    this.#onSitePoint = options.onSitePoint ?? (() => undefined);
    this.#dayStartMs = localDayStart(this.#now());
    for (const view of operations.cpViews()) this.#cpUpdated(view);
    operations.on('cp-updated', this.#onCp);
    operations.on('cp-removed', this.#onRemoved);
    operations.on('session-ended', this.#onSession);
    this.#timer = setInterval(() => this.sample(), options.sampleMs ?? 5000);
    this.#timer.unref();
  }

  /** Reads today's finished sessions from the history once; call after construction. */
  async loadToday(): Promise<void> {
    const dayStart = this.#dayStartMs;
    const sessions = await this.#operations.findSessions({ fromMs: dayStart, limit: 100_000 });
    if (dayStart !== this.#dayStartMs) return;
    this.#endedTodayKwh = sessions.filter((s) => s.state === 'ended').reduce((sum, s) => sum + s.kWh, 0);
  }

  get powerKw(): number {
    let sum = 0;
    for (const cp of this.#cps.values()) sum += cp.series.kW.at(-1) ?? 0;
    return sum;
  }

  get energyTodayKwh(): number {
    let sum = this.#endedTodayKwh;
    for (const kWh of this.#liveKwh.values()) sum += kWh;
    return sum;
  }

  /** Adds one site point now (the timer does this every `sampleMs`). */
  sample(): SitePoint {
    const t = this.#now();
    const dayStart = localDayStart(t);
    if (dayStart !== this.#dayStartMs) {
      this.#dayStartMs = dayStart;
      this.#endedTodayKwh = 0;
      this.#liveKwh.clear();
    }
    const point: SitePoint = { t, kW: round(this.powerKw, 3), kWhToday: round(this.energyTodayKwh, 3) };
    push(this.#site.t, t, this.#siteKeep);
    push(this.#site.kW, point.kW, this.#siteKeep);
    push(this.#site.kWhToday, point.kWhToday, this.#siteKeep);
    this.#onSitePoint(point);
    return point;
  }

  snapshot(): LiveSeriesSnapshot {
    const power: Record<string, PowerSeries> = {};
    for (const [cpId, cp] of this.#cps) power[cpId] = { t: [...cp.series.t], kW: [...cp.series.kW] };
    return { nowMs: this.#now(), site: { t: [...this.#site.t], kW: [...this.#site.kW], kWhToday: [...this.#site.kWhToday] }, power };
  }

  close(): void {
    clearInterval(this.#timer);
    this.#operations.off('cp-updated', this.#onCp);
    this.#operations.off('cp-removed', this.#onRemoved);
    this.#operations.off('session-ended', this.#onSession);
  }

  #cpUpdated(view: CpView): void {
    if (view.state !== 'CHARGING' || view.kW === undefined) {
      this.#cps.delete(view.id);
      if (view.sessionId === undefined) this.#liveKwh.delete(view.id);
      return;
    }
    let cp = this.#cps.get(view.id);
    if (!cp || cp.sessionId !== view.sessionId) {
      cp = { sessionId: view.sessionId, series: { t: [], kW: [] } };
      this.#cps.set(view.id, cp);
    }
    push(cp.series.t, this.#now(), this.#cpKeep);
    push(cp.series.kW, view.kW, this.#cpKeep);
    if (view.kWh !== undefined) this.#liveKwh.set(view.id, view.kWh);
  }
}

/** Local midnight of the day `atMs` falls in (the server's time zone: "today" is the site's day). */
export function localDayStart(atMs: number): number {
  const date = new Date(atMs);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

function push(list: number[], value: number, keep: number): void {
  list.push(value);
  if (list.length > keep) list.splice(0, list.length - keep);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
