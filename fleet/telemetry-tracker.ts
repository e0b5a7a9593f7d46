import { Latencies, monotonicMs } from './stats.ts';

interface Sent {
  sessionId: string;
  kWh: number;
  atMs: number;
}

/**
 * Matches each telemetry figure a simulated CP sent with the moment Central's SSE stream
 * (`cp` event, DESIGN §6) shows it. The stream may coalesce a CP's updates, so a figure counts
 * as shown once a view carries it or a later one of its session (kWh only grows), or, after its
 * session ended, once a view shows the CP without a session (the figure is inside the ticket).
 */
export class TelemetryTracker {
  readonly #pending = new Map<string, Sent[]>();
  /** Sessions that ended, per CP: their figures are settled by the next session-less view. */
  readonly #ended = new Map<string, Set<string>>();
  readonly latencies = new Latencies();
  #sent = 0;
  #seen = 0;

  sent(cpId: string, sessionId: string, kWh: number): void {
    this.#sent++;
    let list = this.#pending.get(cpId);
    if (!list) this.#pending.set(cpId, (list = []));
    list.push({ sessionId, kWh, atMs: monotonicMs() });
  }

  /** The CP's session ended (its session-ended left). */
  ended(cpId: string, sessionId: string): void {
    if (!this.#pending.get(cpId)?.some((sent) => sent.sessionId === sessionId)) return;
    let set = this.#ended.get(cpId);
    if (!set) this.#ended.set(cpId, (set = new Set()));
    set.add(sessionId);
  }

  /** A `cp` view from the stream. */
  seen(cpId: string, view: { kWh?: number; sessionId?: string }): void {
    const list = this.#pending.get(cpId);
    if (!list || list.length === 0) return;
    const now = monotonicMs();
    const ended = this.#ended.get(cpId);
    const shown = (sent: Sent): boolean =>
      view.kWh !== undefined && view.sessionId !== undefined
        ? sent.sessionId === view.sessionId && sent.kWh <= view.kWh
        : view.sessionId === undefined && ended?.has(sent.sessionId) === true;
    const left = list.filter((sent) => {
      if (!shown(sent)) return true;
      this.#seen++;
      this.latencies.add(now - sent.atMs);
      return false;
    });
    if (view.sessionId === undefined) this.#ended.delete(cpId);
    if (left.length === 0) this.#pending.delete(cpId);
    else this.#pending.set(cpId, left);
  }

  get sentCount(): number {
    return this.#sent;
  }

  get seenCount(): number {
    return this.#seen;
  }

  /** Figures sent at least `graceMs` ago and never shown. */
  lost(graceMs: number): number {
    const before = monotonicMs() - graceMs;
    let lost = 0;
    for (const list of this.#pending.values()) for (const sent of list) if (sent.atMs <= before) lost++;
    return lost;
  }
}
