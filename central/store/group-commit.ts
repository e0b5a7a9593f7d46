interface Queued<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the store's append-only files (DESIGN §5): items added while one write
 * (and its fsync) runs wait and share the next one. `write` gets the batch in order, split
 * into runs of consecutive items with the same `runKey` (the ledger: one run per month
 * file); each run's items resolve once its write resolves, or all reject with its error.
 */
export class GroupCommit<T> {
  readonly #write: (run: T[]) => Promise<void>;
  readonly #runKey: (item: T) => string;
  #queue: Queued<T>[] = [];
  #flushing: Promise<void> | undefined;

  constructor(write: (run: T[]) => Promise<void>, runKey: (item: T) => string = () => '') {
    this.#write = write;
    this.#runKey = runKey;
  }

  /** Queues `item`; resolves once a write that holds it resolved. A write starts at once when none runs. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** True when no write runs and nothing waits. */
  get idle(): boolean {
    return this.#flushing === undefined && this.#queue.length === 0;
  }

  /** Resolves once everything added so far was written (or failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0);
        for (const run of this.#runs(batch)) {
          try {
            await this.#write(run.map((queued) => queued.item));
            for (const queued of run) queued.resolve();
          } catch (error) {
            for (const queued of run) queued.reject(error);
          }
        }
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  #runs(batch: Queued<T>[]): Queued<T>[][] {
    const runs: Queued<T>[][] = [];
    for (const queued of batch) {
      const current = runs.at(-1);
      if (current && this.#runKey(current[0]!.item) === this.#runKey(queued.item)) current.push(queued);
      else runs.push([queued]);
    }
    return runs;
  }
}
