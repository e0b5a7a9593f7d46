import type { BackoffPolicy } from '../../base/backoff.ts';

/** Central may be far and busy: back off up to 30 s. */
export const CENTRAL_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };
/**
 * The Engine is on the same host, where a refused connect costs nothing, and at start it listens a few
 * hundred ms after the Monitor (it loads johnny-five and opens its board): small, slowly growing steps
 * find it within about a fifth of the wait (doubling from 250 ms found it up to 350 ms late).
 * Its restart takes a second or two; the cap keeps a dead Engine to one try every 2 s.
 */
export const ENGINE_BACKOFF: BackoffPolicy = { initialMs: 50, maxMs: 2_000, factor: 1.25, jitter: 0.2 };
