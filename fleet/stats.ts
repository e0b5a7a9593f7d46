/** Latency samples (ms) with percentiles; raw samples so shards can be merged exactly. */
export class Latencies {
  readonly #samplesMs: number[] = [];

  add(ms: number): void {
    this.#samplesMs.push(ms);
  }

  addAll(samplesMs: readonly number[]): void {
    for (const ms of samplesMs) this.#samplesMs.push(ms);
  }

  get count(): number {
    return this.#samplesMs.length;
  }

  get samples(): readonly number[] {
    return this.#samplesMs;
  }

  summary(): LatencySummary {
    return summarize(this.#samplesMs);
  }
}

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentile of ascending `sorted`; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);
  return { count: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? null) };
}

/** Monotonic milliseconds, for latencies measured inside one process. */
export function monotonicMs(): number {
  return performance.now();
}
