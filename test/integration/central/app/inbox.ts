import { EventEmitter, once } from 'node:events';

/**
 * Collects messages as they arrive and lets a test await the first one matching a predicate
 * (already received or still to come). No sleeps: the wait ends on the arrival itself; the
 * deadline only turns a missing message into a readable failure.
 */
export class Inbox<T> {
  readonly received: T[] = [];
  readonly #arrivals = new EventEmitter();
  readonly #taken = new Set<number>();

  push(message: T): void {
    this.received.push(message);
    this.#arrivals.emit('message');
  }

  /** The oldest message not yet taken by `next` that matches; waits for one if none has. */
  async next<U extends T = T>(match: (message: T) => message is U, what: string, timeoutMs?: number): Promise<U>;
  async next(match: (message: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
  async next(match: (message: T) => boolean, what: string, timeoutMs = 8000): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      for (let i = 0; i < this.received.length; i++) {
        const message = this.received[i]!;
        if (!this.#taken.has(i) && match(message)) {
          this.#taken.add(i);
          return message;
        }
      }
      try {
        await once(this.#arrivals, 'message', { signal });
      } catch {
        const seen = this.received.filter((_, i) => !this.#taken.has(i)).map((m) => JSON.stringify(m).slice(0, 160));
        throw new Error(`timed out waiting for ${what}; unmatched so far:\n  ${seen.join('\n  ') || '(nothing)'}`);
      }
    }
  }
}
