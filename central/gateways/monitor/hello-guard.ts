/** How hellos are throttled (issue 9): a token bucket per remote address, slower answers after wrong secrets. */
export interface HelloLimits {
  /** Hellos per second refilled per remote address. Default 20. */
  perSecond: number;
  /** Bucket size: hellos an address may send at once. Default 40. */
  burst: number;
  /** The answer after the first wrong secret waits this long, doubling per failure. Default 250 ms. */
  failureDelayMs: number;
  /** The longest such wait. Default 8000 ms. */
  maxFailureDelayMs: number;
}

export const DEFAULT_HELLO_LIMITS: HelloLimits = { perSecond: 20, burst: 40, failureDelayMs: 250, maxFailureDelayMs: 8000 };

/** Addresses and CP ids remembered at most; the oldest are forgotten first, so a flood of ids cannot grow memory. */
const MAX_TRACKED = 10_000;

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * Pure bookkeeping, no timers: the gateway asks `admit` per hello, waits `delayMs` before
 * answering (on that link only, never blocking others), and reports each verdict.
 */
export class HelloGuard {
  readonly #limits: HelloLimits;
  readonly #buckets = new Map<string, Bucket>();
  /** Consecutive wrong secrets per address and per CP id. */
  readonly #failures = new Map<string, number>();

  constructor(limits: Partial<HelloLimits> = {}) {
    this.#limits = { ...DEFAULT_HELLO_LIMITS, ...limits };
  }

  /** Takes a token from the address's bucket; false when it is empty. */
  admit(address: string, nowMs: number): boolean {
    const { perSecond, burst } = this.#limits;
    const bucket = this.#buckets.get(address) ?? { tokens: burst, atMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * perSecond);
    bucket.atMs = nowMs;
    remember(this.#buckets, address, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How long to hold this hello's answer: exponential in the failures of its address or its CP id, capped. */
  delayMs(address: string, cpId: string): number {
    const failures = Math.max(this.#failures.get(`a:${address}`) ?? 0, this.#failures.get(`c:${cpId}`) ?? 0);
    if (failures === 0) return 0;
    return Math.min(this.#limits.maxFailureDelayMs, this.#limits.failureDelayMs * 2 ** Math.min(failures - 1, 30));
  }

  failed(address: string, cpId: string): void {
    for (const key of [`a:${address}`, `c:${cpId}`]) remember(this.#failures, key, (this.#failures.get(key) ?? 0) + 1);
  }

  succeeded(address: string, cpId: string): void {
    this.#failures.delete(`a:${address}`);
    this.#failures.delete(`c:${cpId}`);
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_TRACKED) map.delete(map.keys().next().value!);
}
