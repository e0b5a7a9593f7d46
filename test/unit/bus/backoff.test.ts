import assert from 'node:assert/strict';
import { Backoff } from '../../../bus/backoff.ts';

describe('bus/backoff', function () {
  it('doubles from the initial delay up to the cap, then stays there', function () {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    assert.deepEqual(
      Array.from({ length: 7 }, () => backoff.next()),
      [100, 200, 400, 800, 1000, 1000, 1000],
    );
  });

  it('adds up to `jitter` of the delay at random, never past the cap', function () {
    const high = new Backoff({ initialMs: 100, maxMs: 250, jitter: 0.5, random: () => 1 });
    assert.deepEqual([high.next(), high.next(), high.next()], [150, 250, 250]);
  });

  it('starts over after reset()', function () {
    const backoff = new Backoff({ initialMs: 50, jitter: 0 });
    backoff.next();
    backoff.next();
    backoff.reset();
    assert.equal(backoff.next(), 50);
  });
});
