import type { DriverEvent } from '../../protocol/index.ts';
import type { Clock } from '../io.ts';

export type InboxItem = { kind: 'event'; event: DriverEvent; receivedAtMs: number } | { kind: 'interrupt' };

/**
 * Everything the runner waits for — driver events and Ctrl-C — in arrival order, so one
 * loop handles them without racing callbacks. Waits go through the injected clock.
 */
export class Inbox {
  readonly #items: InboxItem[] = [];
  #waiter: ((item: InboxItem) => void) | undefined;

  push(item: InboxItem): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter(item);
    } else {
      this.#items.push(item);
    }
  }

  /** The next item, or `timeout` when none came within `timeoutMs` (undefined: wait as long as it takes). */
  async next(clock: Clock, timeoutMs?: number): Promise<InboxItem | { kind: 'timeout' }> {
    const queued = this.#items.shift();
    if (queued) return queued;
    if (timeoutMs !== undefined && timeoutMs <= 0) return { kind: 'timeout' };
    const abort = new AbortController();
    const arrived = new Promise<InboxItem>((resolve) => {
      this.#waiter = resolve;
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
