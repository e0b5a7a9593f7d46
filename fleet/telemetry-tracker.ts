import { Latencies, monotonicMs } from './stats.ts';

/**
 * Matches each telemetry figure a simulated CP sent with the moment it shows on Central's
 * SSE stream (`cp` event, DESIGN §6), keyed by CP and kWh (kWh only grows within a session).
 */
export class TelemetryTracker {
  readonly #sentAtMs = new Map<string, number>();
  readonly latencies = new Latencies();
  #sent = 0;
  #seen = 0;

  sent(cpId: string, kWh: number): void {
    this.#sent++;
    this.#sentAtMs.set(`${cpId}|${kWh}`, monotonicMs());
  }

  /** A `cp` view from the stream; true when it matched a figure we sent. */
  seen(cpId: string, kWh: number | undefined): boolean {
    if (kWh === undefined) return false;
    const key = `${cpId}|${kWh}`;
    const sentAt = this.#sentAtMs.get(key);
    if (sentAt === undefined) return false;
    this.#sentAtMs.delete(key);
    this.#seen++;
    this.latencies.add(monotonicMs() - sentAt);
    return true;
  }

  get sentCount(): number {
    return this.#sent;
  }

  get seenCount(): number {
    return this.#seen;
  }

  /** Figures sent at least `graceMs` ago and never seen. */
  lost(graceMs: number): number {
    const before = monotonicMs() - graceMs;
    let lost = 0;
    for (const at of this.#sentAtMs.values()) if (at <= before) lost++;
    return lost;
  }
}
