import { strict as assert } from 'node:assert';
import { Inbox } from '../../../../driver/runner/inbox.ts';
import type { Clock } from '../../../../driver/io.ts';
import { anAccepted } from '../builders.ts';

/** A clock whose sleeps end only when the test says so (or are aborted). */
class ManualClock implements Clock {
  readonly sleeps: Array<{ ms: number; wake: () => void; aborted: boolean }> = [];
  now = (): number => 0;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const entry = { ms, wake: resolve, aborted: false };
      signal?.addEventListener('abort', () => {
        entry.aborted = true;
        reject(new Error('aborted'));
      });
      this.sleeps.push(entry);
    });
}

describe('driver Inbox', () => {
  it('hands out queued items in order without waiting', async () => {
    const inbox = new Inbox();
    const clock = new ManualClock();
    inbox.push({ kind: 'interrupt' });
    inbox.push({ kind: 'event', event: anAccepted(), receivedAtMs: 1 });
    assert.equal((await inbox.next(clock, 100)).kind, 'interrupt');
    assert.equal((await inbox.next(clock, 100)).kind, 'event');
    assert.equal(clock.sleeps.length, 0);
  });

  it('times out through the injected clock', async () => {
    const inbox = new Inbox();
    const clock = new ManualClock();
    const next = inbox.next(clock, 250);
    assert.equal(clock.sleeps[0]?.ms, 250);
    clock.sleeps[0]!.wake();
    assert.deepEqual(await next, { kind: 'timeout' });
  });

  it('an arrival cancels the pending sleep', async () => {
    const inbox = new Inbox();
    const clock = new ManualClock();
    const next = inbox.next(clock, 250);
    inbox.push({ kind: 'interrupt' });
    assert.deepEqual(await next, { kind: 'interrupt' });
    assert.equal(clock.sleeps[0]?.aborted, true);
  });

  it('a spent deadline times out at once; no limit never sleeps', async () => {
    const inbox = new Inbox();
    const clock = new ManualClock();
    assert.deepEqual(await inbox.next(clock, 0), { kind: 'timeout' });
    const next = inbox.next(clock);
    inbox.push({ kind: 'interrupt' });
    assert.deepEqual(await next, { kind: 'interrupt' });
    assert.equal(clock.sleeps.length, 0);
  });

  it('fail: what is queued is still handed out, then next throws; a waiting next throws at once', async () => {
    const clock = new ManualClock();
    const queued = new Inbox();
    queued.push({ kind: 'event', event: anAccepted(), receivedAtMs: 1 });
    queued.fail(new Error('refused'));
    assert.equal((await queued.next(clock)).kind, 'event');
    await assert.rejects(queued.next(clock), /refused/);
    await assert.rejects(queued.next(clock, 100), /refused/, 'and on every later call');

    const waiting = new Inbox();
    const next = waiting.next(clock, 1000);
    waiting.fail(new Error('first'));
    waiting.fail(new Error('second'));
    await assert.rejects(next, /first/);
    assert.equal(clock.sleeps[0]?.aborted, true, 'its timer is let go');
  });
});
