import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { indexedRetainedPersistence } from '../../../../bus/broker/retained-index.ts';

interface Stored {
  topic: string;
  payload: Buffer;
}

const aRetained = (topic: string, payload = 'true'): Stored => ({ topic, payload: Buffer.from(payload) });

async function topicsOf(stream: Readable): Promise<string[]> {
  const found: string[] = [];
  for await (const packet of stream) found.push((packet as Stored).topic);
  return found.sort();
}

describe('bus/broker/retained-index: retained messages by topic (DESIGN §4.4 online flags)', () => {
  async function withFlags(count: number) {
    const persistence = indexedRetainedPersistence();
    const store = persistence.storeRetained as unknown as (packet: Stored) => Promise<void>;
    for (let i = 1; i <= count; i++) await store(aRetained(`evc/cp/CP${i}/online`));
    await store(aRetained('$SYS/broker/uptime', '1'));
    return { persistence, store };
  }

  it('hands an exact-topic subscription only its own retained message', async () => {
    const { persistence } = await withFlags(1000);
    assert.deepEqual(await topicsOf(persistence.createRetainedStreamCombi(['evc/cp/CP7/cmd', 'evc/cp/CP7/online'])), ['evc/cp/CP7/online']);
    assert.deepEqual(await topicsOf(persistence.createRetainedStream('evc/cp/CP1001/online')), []);
  });

  it('still matches wildcard patterns, never a $ topic from a leading wildcard (MQTT 3.1.1 §4.7.2)', async () => {
    const { persistence } = await withFlags(3);
    assert.deepEqual(await topicsOf(persistence.createRetainedStream('evc/cp/+/online')), ['evc/cp/CP1/online', 'evc/cp/CP2/online', 'evc/cp/CP3/online']);
    assert.equal((await topicsOf(persistence.createRetainedStream('#'))).length, 3);
    assert.deepEqual(await topicsOf(persistence.createRetainedStream('$SYS/#')), ['$SYS/broker/uptime']);
  });

  it('replaces a retained message, and an empty payload clears it', async () => {
    const { persistence, store } = await withFlags(2);
    await store(aRetained('evc/cp/CP1/online', 'false'));
    const [packet] = await persistence.createRetainedStream('evc/cp/CP1/online').toArray();
    assert.equal((packet as Stored).payload.toString(), 'false');
    await store(aRetained('evc/cp/CP2/online', ''));
    assert.deepEqual(await topicsOf(persistence.createRetainedStream('evc/cp/+/online')), ['evc/cp/CP1/online']);
  });
});
