import type { TopicMessages } from 'kafkajs';
import { BusClosedError } from '../errors.ts';

interface Entry {
  topic: string;
  key: string | undefined;
  value: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Kafka's message.max.bytes (1 MB) applies per partition batch; stay well under it. */
const MAX_BATCH_BYTES = 512 * 1024;

/**
 * Coalesces the publishes made in one tick into one sendBatch. One batch is in flight at a
 * time, so records of one key reach their partition in publish order; what is published
 * while a batch is on the wire goes out in the next one.
 */
export class PublishBatcher {
  readonly #send: (batch: TopicMessages[]) => Promise<unknown>;
  #queue: Entry[] = [];
  #scheduled = false;
  #inFlight: Promise<void> | undefined;
  #closed = false;

  constructor(send: (batch: TopicMessages[]) => Promise<unknown>) {
    this.#send = send;
  }

  send(topic: string, key: string | undefined, value: Buffer): Promise<void> {
    if (this.#closed) return Promise.reject(new BusClosedError(`publish to ${topic}`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ topic, key, value, resolve, reject });
      this.#schedule();
    });
  }

  /** Waits (at most `timeoutMs`) for queued records, then fails whatever is left. */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    const deadline = Date.now() + timeoutMs;
    while ((this.#inFlight || this.#queue.length > 0) && Date.now() < deadline) {
      const remaining = deadline - Date.now();
      await Promise.race([this.#inFlight ?? new Promise((resolve) => setImmediate(resolve)), sleep(remaining)]);
    }
    for (const entry of this.#queue.splice(0)) entry.reject(new BusClosedError(`publish to ${entry.topic}`));
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#inFlight = this.#flush().finally(() => {
        this.#inFlight = undefined;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#takeBatch();
    if (batch.length === 0) return;
    const byTopic = new Map<string, TopicMessages>();
    for (const { topic, key, value } of batch) {
      let entry = byTopic.get(topic);
      if (!entry) byTopic.set(topic, (entry = { topic, messages: [] }));
      entry.messages.push({ key: key ?? null, value });
    }
    try {
      await this.#send([...byTopic.values()]);
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error as Error);
    }
  }

  #takeBatch(): Entry[] {
    let bytes = 0;
    let count = 0;
    while (count < this.#queue.length && (count === 0 || bytes + this.#queue[count]!.value.length <= MAX_BATCH_BYTES)) {
      bytes += this.#queue[count]!.value.length;
      count++;
    }
    return this.#queue.splice(0, count);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
