/**
 * Undo steps collected while starting up, run last-in first-out on close or on a failed
 * start, so nothing is left listening or holding a timer (every step runs even if one fails).
 */
export class CleanupStack {
  readonly #steps: Array<{ label: string; run: () => unknown }> = [];

  push(label: string, run: () => unknown): void {
    this.#steps.push({ label, run });
  }

  /** Runs every step; reports the failures through `onError` and never throws. */
  async runAll(onError: (label: string, error: unknown) => void): Promise<void> {
    while (this.#steps.length > 0) {
      const step = this.#steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        onError(step.label, error);
      }
    }
  }
}
