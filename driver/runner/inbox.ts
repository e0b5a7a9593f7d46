import type { DriverEvent } from '../../protocol/index.ts';
import type { Clock } from '../io.ts';

export type InboxItem = { kind: 'event'; event: DriverEvent; receivedAtMs: number } | { kind: 'interrupt' };

/**
 * Everything the runner waits for — driver events and Ctrl-C — in arrival order, so one
 * loop handles them without racing callbacks. Waits go through the injected clock.
 */
export class Inbox {
  readonly #items: InboxItem[] = [];
  #waiter: { resolve: (item: InboxItem) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  push(item: InboxItem): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve(item);
    } else {
      this.#items.push(item);
    }
  }

  /** Nothing more will come (the driver's login was refused): once what is queued is taken, `next` throws `error`. */
  fail(error: Error): void {
    this.#failure ??= error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(this.#failure);
  }

  /** The next item, or `timeout` when none came within `timeoutMs` (undefined: wait as long as it takes). */
  async next(clock: Clock, timeoutMs?: number): Promise<InboxItem | { kind: 'timeout' }> {
    const queued = this.#items.shift();
    if (queued) return queued;
    if (this.#failure) throw this.#failure;
    if (timeoutMs !== undefined && timeoutMs <= 0) return { kind: 'timeout' };
    const abort = new AbortController();
    const arrived = new Promise<InboxItem>((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
    const contenders: Array<Promise<InboxItem | { kind: 'timeout' }>> = [arrived];
    if (timeoutMs !== undefined) {
      contenders.push(
        clock.sleep(timeoutMs, abort.signal).then(
          () => ({ kind: 'timeout' }) as const,
          () => new Promise<never>(() => {}),
        ),
      );
    }
    try {
      return await Promise.race(contenders);
    } finally {
      this.#waiter = undefined;
      abort.abort();
    }
  }
}
