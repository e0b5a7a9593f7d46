import type { CentralEventLine, CentralOperations } from '../operations.ts';

/**
 * The warnings (faults, a lost Engine, refused hellos) about each CP since Central started,
 * for the CP detail view: the last `keep` per CP, newest last.
 */
export class CpNotices {
  readonly #operations: CentralOperations;
  readonly #keep: number;
  readonly #byCp = new Map<string, CentralEventLine[]>();
  readonly #onEvent = (line: CentralEventLine) => {
    if (line.level !== 'warn' || line.cpId === undefined) return;
    let lines = this.#byCp.get(line.cpId);
    if (!lines) this.#byCp.set(line.cpId, (lines = []));
    lines.push(line);
    if (lines.length > this.#keep) lines.shift();
  };

  constructor(operations: CentralOperations, keep = 20) {
    this.#operations = operations;
    this.#keep = keep;
    operations.on('event', this.#onEvent);
  }

  /** Newest first. */
  of(cpId: string): CentralEventLine[] {
    return [...(this.#byCp.get(cpId) ?? [])].reverse();
  }

  forget(cpId: string): void {
    this.#byCp.delete(cpId);
  }

  close(): void {
    this.#operations.off('event', this.#onEvent);
  }
}
