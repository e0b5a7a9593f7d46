/** How retry delays grow (one policy shape for every reconnecting client and restarted child). */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  initialMs: number;
  /** Ceiling for any delay. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
  /**
   * 0..1: the delay is drawn from [base × (1 − jitter), base], so many clients restarting
   * together spread out, and no delay ever exceeds `maxMs`.
   */
  jitter: number;
}

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

/** Defaults of a `Backoff`: 200 ms doubling up to 5 s, up to 20 % off at random. */
const DEFAULT_POLICY: BackoffPolicy = { initialMs: 200, maxMs: 5000, factor: 2, jitter: 0.2 };

/** `backoffDelayMs` with its attempt counter, for a client that retries until it connects. */
export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #attempt = 0;

  constructor(policy: Partial<BackoffPolicy> = {}, random: () => number = Math.random) {
    this.#policy = { ...DEFAULT_POLICY, ...policy };
    this.#random = random;
  }

  get initialMs(): number {
    return this.#policy.initialMs;
  }

  /** The delay before the next attempt, in ms. */
  next(): number {
    return backoffDelayMs(this.#attempt++, this.#policy, this.#random);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
