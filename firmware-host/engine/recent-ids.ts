/**
 * Remembers the last `capacity` message ids, to drop a command delivered twice
 * (MQTT QoS 1 is at-least-once; DESIGN §4.1 `id` is for dedup).
 */
export class RecentIds {
  readonly #capacity: number;
  readonly #ids = new Set<string>();

  constructor(capacity = 1024) {
    this.#capacity = capacity;
  }

  /** True the first time an id is seen, false for a repeat. */
  firstTime(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    // A Set iterates in insertion order, so the first entry is the oldest.
    if (this.#ids.size > this.#capacity) this.#ids.delete(this.#ids.values().next().value!);
    return true;
  }

  get size(): number {
    return this.#ids.size;
  }
}
