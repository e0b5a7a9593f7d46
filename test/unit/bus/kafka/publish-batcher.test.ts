import assert from 'node:assert/strict';
import type { TopicMessages } from 'kafkajs';
import { PublishBatcher } from '../../../../bus/kafka/publish-batcher.ts';
import { BusClosedError } from '../../../../bus/errors.ts';

/** A sendBatch stand-in that records batches and lets the test decide when each one completes. */
class RecordingSender {
  readonly batches: TopicMessages[][] = [];
  readonly #pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #arrived: (() => void) | undefined;

  readonly send = (batch: TopicMessages[]): Promise<void> => {
    this.batches.push(batch);
    this.#arrived?.();
    return new Promise((resolve, reject) => this.#pending.push({ resolve, reject }));
  };

  nextBatch(): Promise<void> {
    return new Promise((resolve) => (this.#arrived = resolve));
  }

  complete(error?: Error): void {
    const next = this.#pending.shift()!;
    if (error) next.reject(error);
    else next.resolve();
  }
}

const texts = (batch: TopicMessages[]): string[][] =>
  batch.map(({ topic, messages }) => [topic, ...messages.map((m) => `${m.key}:${String(m.value)}`)]);

describe('bus/kafka/publish-batcher', function () {
  it('sends the publishes of one tick as one batch, grouped by topic in order', async function () {
    const sender = new RecordingSender();
    const batcher = new PublishBatcher(sender.send);
    const arrived = sender.nextBatch();
    const sent = [
      batcher.send('evc.cp.events', 'CP1', Buffer.from('1')),
      batcher.send('evc.cp.telemetry', 'CP1', Buffer.from('2')),
      batcher.send('evc.cp.events', 'CP2', Buffer.from('3')),
      batcher.send('evc.cp.events', 'CP1', Buffer.from('4')),
    ];
    await arrived;
    assert.deepEqual(texts(sender.batches[0]!), [
      ['evc.cp.events', 'CP1:1', 'CP2:3', 'CP1:4'],
      ['evc.cp.telemetry', 'CP1:2'],
    ]);
    sender.complete();
    await Promise.all(sent);
    assert.equal(sender.batches.length, 1);
  });

  it('keeps one batch in flight; what comes meanwhile goes out next, in order', async function () {
    const sender = new RecordingSender();
    const batcher = new PublishBatcher(sender.send);
    let arrived = sender.nextBatch();
    const first = batcher.send('t', 'k', Buffer.from('a'));
    await arrived;
    const later = [batcher.send('t', 'k', Buffer.from('b')), batcher.send('t', 'k', Buffer.from('c'))];
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sender.batches.length, 1, 'nothing else is sent while a batch is in flight');
    arrived = sender.nextBatch();
    sender.complete();
    await first;
    await arrived;
    assert.deepEqual(texts(sender.batches[1]!), [['t', 'k:b', 'k:c']]);
    sender.complete();
    await Promise.all(later);
  });

  it('fails every publish of a failed batch with the send error', async function () {
    const sender = new RecordingSender();
    const batcher = new PublishBatcher(sender.send);
    const arrived = sender.nextBatch();
    const sent = [batcher.send('t', undefined, Buffer.from('a')), batcher.send('t', undefined, Buffer.from('b'))];
    await arrived;
    sender.complete(new Error('leader not available'));
    for (const publish of sent) await assert.rejects(publish, /leader not available/);
  });

  it('splits a large backlog into batches under Kafka\'s per-request size', async function () {
    const sender = new RecordingSender();
    const batcher = new PublishBatcher(sender.send);
    let arrived = sender.nextBatch();
    const big = Buffer.alloc(200 * 1024);
    const sent = [0, 1, 2, 3].map(() => batcher.send('t', 'k', big));
    await arrived;
    for (;;) {
      const batch = sender.batches.at(-1)!;
      assert.ok(batch[0]!.messages.length * big.length <= 512 * 1024);
      arrived = sender.nextBatch();
      sender.complete();
      if (sender.batches.flatMap((b) => b[0]!.messages).length === 4) break;
      await arrived;
    }
    await Promise.all(sent);
    assert.ok(sender.batches.length >= 2);
  });

  it('after close, fails what is still queued and refuses new publishes', async function () {
    const sender = new RecordingSender();
    const batcher = new PublishBatcher(sender.send);
    const arrived = sender.nextBatch();
    const inFlight = batcher.send('t', 'k', Buffer.from('a'));
    await arrived;
    const queued = batcher.send('t', 'k', Buffer.from('b'));
    await batcher.close(50);
    await assert.rejects(queued, BusClosedError);
    await assert.rejects(batcher.send('t', 'k', Buffer.from('c')), BusClosedError);
    sender.complete();
    await inFlight;
  });
});
