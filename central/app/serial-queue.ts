/**
 * Runs tasks one at a time, in the order they were pushed. Central feeds every input
 * through one of these so the core and the effects it asks for (store writes before acks,
 * DESIGN §5) never interleave between two inputs.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Tasks queued or running. */
  get pending(): number {
    return this.#pending;
  }

  /** Resolves (or rejects) with the task's own result once it ran; a failure never blocks later tasks. */
  push<T>(task: () => T | Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tail = settled.finally(() => {
      this.#pending--;
    });
    return result;
  }

  /** Resolves once every task pushed so far has run. */
  async idle(): Promise<void> {
    while (this.#pending > 0) await this.#tail;
  }
}
