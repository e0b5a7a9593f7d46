import { topicMatches } from '../../protocol/index.ts';
import type { BusMessage } from '../bus.ts';

/**
 * Messages that arrived before any handler wanted them. A returning persistent session
 * (DESIGN §4.4–4.5: "gets the events it missed") is delivered right after CONNACK,
 * before the app has called subscribe(); they wait here for the first matching subscribe.
 */
export class UnclaimedMessages {
  readonly #limit: number;
  readonly #onDrop: (message: BusMessage) => void;
  #messages: BusMessage[] = [];

  constructor(limit = 1000, onDrop: (message: BusMessage) => void = () => {}) {
    this.#limit = limit;
    this.#onDrop = onDrop;
  }

  get size(): number {
    return this.#messages.length;
  }

  hold(message: BusMessage): void {
    this.#messages.push(message);
    if (this.#messages.length > this.#limit) this.#onDrop(this.#messages.shift()!);
  }

  /** Removes and returns, oldest first, the held messages whose topic matches `pattern`. */
  claim(pattern: string): BusMessage[] {
    const claimed: BusMessage[] = [];
    const kept: BusMessage[] = [];
    for (const message of this.#messages) (topicMatches(pattern, message.topic) ? claimed : kept).push(message);
    this.#messages = kept;
    return claimed;
  }

  clear(): void {
    this.#messages = [];
  }
}
