import assert from 'node:assert/strict';
import type { LinkError } from '../../../../bus/tcp/errors.ts';
import { PendingRequests } from '../../../../bus/tcp/pending-requests.ts';
import { ManualTimers } from './manual-timers.ts';

describe('bus/tcp PendingRequests (replies by re, DESIGN §4.1)', () => {
  it('settles the request whose id the reply names, and only once', async () => {
    const timers = new ManualTimers();
    const requests = new PendingRequests<string>(timers);
    const reply = requests.wait('r1', 'ping r1', 1000);
    assert.equal(requests.settle('other', 'x'), false);
    assert.equal(requests.settle('r1', 'pong'), true);
    assert.equal(await reply, 'pong');
    assert.equal(requests.settle('r1', 'again'), false);
    assert.equal(timers.pending, 0);
  });

  it('times out with the request named, and forgets it', async () => {
    const timers = new ManualTimers();
    const requests = new PendingRequests<string>(timers);
    const reply = requests.wait('r1', 'ping r1', 1000);
    timers.advance(1000);
    await assert.rejects(reply, (e: LinkError) => e.code === 'TIMEOUT' && e.message === 'no reply to ping r1 within 1000 ms');
    assert.equal(requests.size, 0);
  });

  it('refuses a second request with the same id', async () => {
    const requests = new PendingRequests<string>(new ManualTimers());
    void requests.wait('r1', 'a', 1000).catch(() => {});
    await assert.rejects(requests.wait('r1', 'b', 1000), /already waiting/);
  });

  it('rejectAll rejects every request and clears every timer', async () => {
    const timers = new ManualTimers();
    const requests = new PendingRequests<string>(timers);
    const replies = [requests.wait('a', 'a', 1000), requests.wait('b', 'b', 1000)];
    requests.rejectAll(new Error('link closed'));
    for (const reply of replies) await assert.rejects(reply, /link closed/);
    assert.equal(timers.pending, 0);
  });
});
