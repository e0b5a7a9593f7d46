/**
 * Remembers the last `capacity` ids seen, oldest forgotten first, so a redelivered message
 * (MQTT QoS 1 is at-least-once, Kafka replays; DESIGN §4.1 `id` is for dedup) is recognised
 * without unbounded memory.
 */
export class RecentIds {
  readonly #capacity: number;
  readonly #ids = new Set<string>();

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Drops `id`, as if it had never been seen. */
  forget(id: string): void {
    this.#ids.delete(id);
  }

  /** Records `id`; true when it was already there (a duplicate). */
  seen(id: string): boolean {
    if (this.#ids.has(id)) return true;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      // A Set iterates in insertion order: the first entry is the oldest.
      const oldest = this.#ids.values().next().value as string;
      this.#ids.delete(oldest);
    }
    return false;
  }
}
