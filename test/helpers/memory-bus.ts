// An in-memory Bus for the unit tests of one class that talks to a bus (a gateway): deliveries
// are handed in by the test and awaited, publishes are recorded. Bus behaviour itself is tested
// on real brokers (test/helpers/bus-contract.ts).
import { EventEmitter } from 'node:events';
import type { Bus, BusMessage, Subscription } from '../../bus/index.ts';
import type { BusEvents, BusHandler, BusKind, PublishOptions } from '../../bus/bus.ts';
import { topicMatches } from '../../protocol/index.ts';

export interface Published {
  topic: string;
  payload: string;
  retain: boolean;
}

export class MemoryBus extends EventEmitter<BusEvents> implements Bus {
  readonly kind: BusKind;
  readonly url: string;
  /** Set false to play a lost broker (what a client may check before publishing). */
  connected = true;
  readonly published: Published[] = [];
  /** Patterns unsubscribed (not those dropped by close). */
  readonly unsubscribed: string[] = [];
  /** Set to make the next publishes fail, as a lost broker would. */
  failPublish: Error | undefined;
  readonly #subscriptions = new Map<number, { pattern: string; handler: BusHandler }>();
  #next = 0;

  constructor(kind: BusKind = 'mqtt') {
    super();
    this.kind = kind;
    this.url = kind === 'kafka' ? 'kafka://memory' : 'mqtt://memory';
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  publish(topic: string, payload: Buffer | string, options: PublishOptions = {}): Promise<void> {
    if (this.failPublish) return Promise.reject(this.failPublish);
    this.published.push({ topic, payload: payload.toString(), retain: options.retain === true });
    return Promise.resolve();
  }

  subscribe(pattern: string, handler: BusHandler): Promise<Subscription> {
    const id = this.#next++;
    this.#subscriptions.set(id, { pattern, handler });
    return Promise.resolve({
      unsubscribe: () => {
        if (this.#subscriptions.delete(id)) this.unsubscribed.push(pattern);
        return Promise.resolve();
      },
    });
  }

  close(): Promise<void> {
    this.#subscriptions.clear();
    return Promise.resolve();
  }

  /** Patterns subscribed now. */
  patterns(): string[] {
    return [...this.#subscriptions.values()].map((subscription) => subscription.pattern);
  }

  /** Delivers one message to every matching subscriber and waits for their handlers. */
  async deliver(topic: string, payload: object | string, extra: Omit<BusMessage, 'topic' | 'payload'> = {}): Promise<void> {
    const message: BusMessage = { topic, payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), ...extra };
    for (const { pattern, handler } of [...this.#subscriptions.values()]) {
      if (topicMatches(pattern, topic)) await handler(message);
    }
  }

  /** What was published on `topic`, parsed. */
  sent(topic: string): unknown[] {
    return this.published.filter((entry) => entry.topic === topic).map((entry) => JSON.parse(entry.payload) as unknown);
  }
}
