interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function waiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A caller that does not await must not crash the process with an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Coalesces many change requests into few writes (DESIGN §5): every request made in the
 * same event-loop turn, or while a write is running, is served by one following write.
 * `request()` resolves once a write that started after the request has finished, so the
 * caller's change is on disk.
 */
export class CoalescingWriter {
  readonly #write: () => Promise<void>;
  #next: Waiter | undefined;
  /** The scheduled or running drain loop, while there is one. */
  #draining: Promise<void> | undefined;
  #writes = 0;

  constructor(write: () => Promise<void>) {
    this.#write = write;
  }

  /** Writes done so far. */
  get writeCount(): number {
    return this.#writes;
  }

  request(): Promise<void> {
    if (!this.#next) {
      this.#next = waiter();
      // setImmediate: everything changed in this turn (microtasks included) joins one write.
      this.#draining ??= new Promise<void>((resolve) => setImmediate(() => void this.#drain().then(resolve)));
    }
    return this.#next.promise;
  }

  /** Resolves once everything requested so far is written (or has failed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#next) {
      const current = this.#next;
      this.#next = undefined;
      try {
        await this.#write();
        this.#writes++;
        current.resolve();
      } catch (error) {
        current.reject(error);
      }
    }
    this.#draining = undefined;
  }
}
