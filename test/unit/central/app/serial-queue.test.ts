import assert from 'node:assert/strict';
import { SerialQueue } from '../../../../central/app/serial-queue.ts';

describe('SerialQueue', () => {
  it('runs tasks one at a time in push order, even when earlier ones are slower', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const slow = queue.push(async () => {
      log.push('a start');
      await new Promise((resolve) => setImmediate(resolve));
      log.push('a end');
      return 'a';
    });
    const fast = queue.push(() => {
      log.push('b');
      return 'b';
    });
    assert.equal(queue.pending, 2);
    assert.deepEqual(await Promise.all([slow, fast]), ['a', 'b']);
    assert.deepEqual(log, ['a start', 'a end', 'b']);
    assert.equal(queue.pending, 0);
  });

  it('a failing task rejects its own promise and does not stop the next', async () => {
    const queue = new SerialQueue();
    const failed = queue.push(() => {
      throw new Error('boom');
    });
    const next = queue.push(() => 'still runs');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'still runs');
    await queue.idle();
  });
});
