import { EventEmitter } from 'node:events';
import type { RejectionCount } from '../operations.ts';

/**
 * Every refused frame, bus message, login and request, counted (issue 9): `/metrics` shows
 * `evc_rejected_total{source,reason}`, the panel the total. Labels are fixed strings chosen
 * by the code, never input, so their number stays bounded.
 */
export class Rejections extends EventEmitter<{ rejected: [source: string, reason: string] }> {
  readonly #counts = new Map<string, RejectionCount>();
  #total = 0;

  count(source: string, reason: string): void {
    const key = `${source}\0${reason}`;
    const entry = this.#counts.get(key) ?? { source, reason, count: 0 };
    entry.count++;
    this.#counts.set(key, entry);
    this.#total++;
    this.emit('rejected', source, reason);
  }

  get total(): number {
    return this.#total;
  }

  entries(): RejectionCount[] {
    return [...this.#counts.values()].map((entry) => ({ ...entry }));
  }
}
