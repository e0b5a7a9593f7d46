import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Backoff, backoffDelayMs, type BackoffPolicy } from '../../../base/backoff.ts';

const noJitter: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0 };
const policies = fc.record({
  initialMs: fc.integer({ min: 1, max: 5_000 }),
  maxMs: fc.integer({ min: 5_000, max: 120_000 }),
  factor: fc.double({ min: 1, max: 4, noNaN: true }),
  jitter: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('base/backoff', () => {
  it('doubles from the initial delay up to the ceiling without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, noJitter, () => 0));
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('takes up to `jitter` off the base delay, as the random draw says', () => {
    const policy = { ...noJitter, jitter: 0.5 };
    assert.equal(backoffDelayMs(1, policy, () => 0), 1000);
    assert.equal(backoffDelayMs(1, policy, () => 0.5), 750);
    assert.equal(backoffDelayMs(1, policy, () => 0.999_999), 500);
  });

  it('treats a negative, fractional or absurd attempt sanely', () => {
    assert.equal(backoffDelayMs(-3, noJitter, () => 0), 500);
    assert.equal(backoffDelayMs(1.7, noJitter, () => 0), 1000);
    assert.equal(backoffDelayMs(Number.NaN, noJitter, () => 0), 500);
    assert.equal(backoffDelayMs(10_000, noJitter, () => 0), 30_000);
  });

  it('property: the delay stays within [base × (1 − jitter), min(max, base)] and never grows past the ceiling', () => {
    fc.assert(
      fc.property(policies, fc.nat(200), fc.double({ min: 0, max: 1, noNaN: true }), (policy, attempt, draw) => {
        const delay = backoffDelayMs(attempt, policy, () => draw);
        const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempt);
        assert.ok(Number.isInteger(delay));
        assert.ok(delay <= policy.maxMs);
        assert.ok(delay >= Math.floor(base * (1 - policy.jitter)) && delay <= Math.ceil(base));
      }),
    );
  });

  it('property: without jitter the delay never shrinks from one attempt to the next', () => {
    fc.assert(
      fc.property(policies, fc.nat(100), (policy, attempt) => {
        const steady = { ...policy, jitter: 0 };
        assert.ok(backoffDelayMs(attempt + 1, steady) >= backoffDelayMs(attempt, steady));
      }),
    );
  });

  describe('Backoff (with its attempt counter)', () => {
    it('doubles from the initial delay up to the cap, then stays there', function () {
      const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
      assert.deepEqual(
        Array.from({ length: 7 }, () => backoff.next()),
        [100, 200, 400, 800, 1000, 1000, 1000],
      );
    });

    it('takes up to `jitter` off the delay at random, never past the cap', function () {
      const high = new Backoff({ initialMs: 100, maxMs: 250, jitter: 0.5 }, () => 1);
      assert.deepEqual([high.next(), high.next(), high.next()], [50, 100, 125]);
    });

    it('starts over after reset()', function () {
      const backoff = new Backoff({ initialMs: 50, jitter: 0 });
      backoff.next();
      backoff.next();
      backoff.reset();
      assert.equal(backoff.next(), 50);
    });
  });
});
