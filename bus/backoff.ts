export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of the delay added at random, so many clients do not retry in step. */
  jitter?: number;
  random?: () => number;
}

/** Exponential reconnect delay: initial, ×factor each attempt, capped, with jitter. */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor({ initialMs = 200, maxMs = 5000, factor = 2, jitter = 0.2, random = Math.random }: BackoffOptions = {}) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
    this.#factor = factor;
    this.#jitter = jitter;
    this.#random = random;
  }

  get initialMs(): number {
    return this.#initialMs;
  }

  /** The delay before the next attempt, in ms. */
  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * this.#factor ** this.#attempt);
    this.#attempt++;
    return Math.round(Math.min(this.#maxMs, base * (1 + this.#jitter * this.#random())));
  }

  reset(): void {
    this.#attempt = 0;
  }
}
