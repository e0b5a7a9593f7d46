import { LinkError } from './errors.ts';
import type { Timers } from './timers.ts';

interface Pending<M> {
  resolve: (reply: M) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/** Requests waiting for the reply whose `re` equals their id (DESIGN §4.1). */
export class PendingRequests<M> {
  readonly #pending = new Map<string, Pending<M>>();
  readonly #timers: Timers;

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Registers `id`; the promise settles on `settle(id, reply)`, on timeout, or on `rejectAll`. */
  wait(id: string, label: string, timeoutMs: number): Promise<M> {
    if (this.#pending.has(id)) return Promise.reject(new Error(`a request with id ${id} is already waiting`));
    return new Promise<M>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#pending.delete(id);
        reject(new LinkError('TIMEOUT', `no reply to ${label} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  /** Resolves the request `id`; false when no request waits for it. */
  settle(id: string, reply: M): boolean {
    const pending = this.#take(id);
    pending?.resolve(reply);
    return pending !== undefined;
  }

  fail(id: string, error: Error): void {
    this.#take(id)?.reject(error);
  }

  rejectAll(error: Error): void {
    for (const id of [...this.#pending.keys()]) this.fail(id, error);
  }

  #take(id: string): Pending<M> | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    this.#timers.clearTimeout(pending.timer);
    return pending;
  }
}
