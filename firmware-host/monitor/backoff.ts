import type { BackoffPolicy } from '../../base/backoff.ts';

/** Central may be far and busy: back off up to 30 s. */
export const CENTRAL_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };
/** The Engine is on the same host: retry quickly, its restart takes a second or two. */
export const ENGINE_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 2_000, factor: 2, jitter: 0.2 };
