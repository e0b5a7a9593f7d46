import assert from 'node:assert/strict';
import type { LinkError } from '../../../../bus/tcp/errors.ts';
import { SendQueue } from '../../../../bus/tcp/send-queue.ts';
import { ManualTimers } from './manual-timers.ts';

function aQueue(maxResends = 3) {
  const timers = new ManualTimers();
  const written: string[] = [];
  const gaveUp: string[] = [];
  const queue = new SendQueue({
    write: (frame) => written.push(frame.toString()),
    ackTimeoutMs: 1000,
    maxResends,
    onGiveUp: (reason) => gaveUp.push(reason),
    timers,
  });
  return { queue, timers, written, gaveUp };
}

/** 'resolved', 'rejected: …' or 'pending', once every queued microtask has run. */
async function settled(promise: Promise<unknown>): Promise<string> {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    (error: Error) => (state = `rejected: ${error.message}`),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

describe('bus/tcp SendQueue (DESIGN §4.1 one frame in flight)', () => {
  it('writes one frame at a time; each ACK resolves the oldest and releases the next', async () => {
    const { queue, written } = aQueue();
    const a = queue.enqueue(Buffer.from('a'), 'a');
    const b = queue.enqueue(Buffer.from('b'), 'b');
    assert.deepEqual(written, ['a']);
    assert.equal(queue.length, 2);
    assert.ok(queue.acknowledge());
    assert.equal(await settled(a), 'resolved');
    assert.equal(await settled(b), 'pending');
    assert.deepEqual(written, ['a', 'b']);
    queue.acknowledge();
    await b;
    assert.equal(queue.acknowledge(), false, 'an ACK with nothing in flight is reported');
  });

  it('resends a NACKed frame up to 3 times, then gives up on it and on the rest', async () => {
    const { queue, written, gaveUp } = aQueue();
    const a = queue.enqueue(Buffer.from('a'), 'frame a');
    const b = queue.enqueue(Buffer.from('b'), 'frame b');
    for (let i = 0; i < 3; i++) queue.refuse();
    assert.deepEqual(written, ['a', 'a', 'a', 'a']);
    assert.deepEqual(gaveUp, []);
    queue.refuse();
    await assert.rejects(a, (e: LinkError) => e.code === 'NACKED' && e.message === 'peer refused frame a 4 times; dropping the link');
    await assert.rejects(b, (e: LinkError) => e.code === 'CLOSED');
    assert.equal(gaveUp.length, 1);
    await assert.rejects(queue.enqueue(Buffer.from('c'), 'c'), /the link is closed/);
  });

  it('honours maxResends 0: the first NACK drops the link', async () => {
    const { queue, gaveUp } = aQueue(0);
    const a = queue.enqueue(Buffer.from('a'), 'a');
    queue.refuse();
    await assert.rejects(a, (e: LinkError) => e.code === 'NACKED');
    assert.equal(gaveUp.length, 1);
  });

  it('gives up when no ACK comes in time; each resend restarts the clock', async () => {
    const { queue, timers, gaveUp } = aQueue();
    const a = queue.enqueue(Buffer.from('a'), 'frame a');
    timers.advance(900);
    queue.refuse();
    timers.advance(900);
    assert.equal(await settled(a), 'pending');
    timers.advance(100);
    await assert.rejects(a, (e: LinkError) => e.code === 'TIMEOUT' && /did not acknowledge frame a within 1000 ms/.test(e.message));
    assert.equal(gaveUp.length, 1);
    assert.equal(timers.pending, 0);
  });

  it('failAll rejects everything and leaves no timer', async () => {
    const { queue, timers } = aQueue();
    const a = queue.enqueue(Buffer.from('a'), 'a');
    queue.failAll(new Error('closed'));
    await assert.rejects(a, /closed/);
    assert.equal(timers.pending, 0);
    assert.equal(queue.length, 0);
  });
});
