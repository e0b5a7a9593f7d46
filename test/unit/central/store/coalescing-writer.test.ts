import assert from 'node:assert/strict';
import { CoalescingWriter } from '../../../../central/store/coalescing-writer.ts';

/** A write the test finishes by hand, to hold a write "in progress". */
function controllableWrite() {
  const calls: Array<() => void> = [];
  const write = () => new Promise<void>((resolve) => calls.push(resolve));
  return { write, calls };
}

describe('central/store CoalescingWriter', () => {
  it('serves every request made in one turn with one write', async () => {
    let writes = 0;
    const writer = new CoalescingWriter(async () => void writes++);
    await Promise.all(Array.from({ length: 50 }, () => writer.request()));
    assert.equal(writes, 1);
    assert.equal(writer.writeCount, 1);
  });

  it('requests made during a write share exactly one more write, resolved only after it', async () => {
    const { write, calls } = controllableWrite();
    const writer = new CoalescingWriter(write);
    const first = writer.request();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls.length, 1, 'first write running');
    let laterDone = false;
    const later = Promise.all([writer.request(), writer.request()]).then(() => (laterDone = true));
    calls[0]!();
    await first;
    assert.equal(laterDone, false, 'the later changes were not in the first write');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls.length, 2);
    calls[1]!();
    await later;
    assert.equal(writer.writeCount, 2);
  });

  it('rejects the requests of a failed write and writes again on the next request', async () => {
    let fail = true;
    const writer = new CoalescingWriter(async () => {
      if (fail) throw new Error('disk full');
    });
    await assert.rejects(writer.request(), /disk full/);
    fail = false;
    await writer.request();
    assert.equal(writer.writeCount, 1);
  });

  it('idle() waits for everything requested', async () => {
    const { write, calls } = controllableWrite();
    const writer = new CoalescingWriter(write);
    void writer.request();
    let idle = false;
    const waiting = writer.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(idle, false);
    calls[0]!();
    await waiting;
    assert.equal(idle, true);
  });
});
