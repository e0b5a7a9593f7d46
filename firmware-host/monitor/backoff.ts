export interface BackoffPolicy {
  /** Delay before the first retry. */
  initialMs: number;
  /** Ceiling for any delay. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
  /** 0..1: the delay is drawn from [base × (1 − jitter), base], so many CPs restarting together spread out. */
  jitter: number;
}

/** Central may be far and busy: back off up to 30 s. */
export const CENTRAL_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };
/** The Engine is on the same host: retry quickly, its restart takes a second or two. */
export const ENGINE_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 2_000, factor: 2, jitter: 0.2 };

/**
 * Delay before retry number `attempt` (0 = the first retry): exponential growth capped
 * at `maxMs`, minus a random share of up to `jitter`. Pure: `random` is injected.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** step);
  const share = Math.min(1, Math.max(0, random()));
  return Math.round(base * (1 - policy.jitter * share));
}
