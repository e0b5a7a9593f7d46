import assert from 'node:assert/strict';
import { DEFAULT_HELLO_LIMITS, HelloGuard } from '../../../../../central/gateways/monitor/hello-guard.ts';

describe('central/gateways/monitor HelloGuard (issue 9)', () => {
  it('lets an address send its burst at once, then refills perSecond', () => {
    const guard = new HelloGuard({ perSecond: 2, burst: 3 });
    const admitted = () => [0, 1, 2, 3].map(() => guard.admit('10.0.0.1', 1_000));
    assert.deepEqual(admitted(), [true, true, true, false]);
    assert.equal(guard.admit('10.0.0.1', 1_499), false, 'under one token refilled');
    assert.equal(guard.admit('10.0.0.1', 1_500), true, 'half a second at 2/s is one token');
    assert.equal(guard.admit('10.0.0.2', 1_500), true, 'each address has its own bucket');
  });

  it('never refills beyond the burst', () => {
    const guard = new HelloGuard({ perSecond: 10, burst: 2 });
    guard.admit('a', 0);
    const later = [0, 1, 2].map(() => guard.admit('a', 3_600_000));
    assert.deepEqual(later, [true, true, false]);
  });

  it('answers at once until a wrong secret, then waits longer per failure of the address or the CP id, up to the cap', () => {
    const guard = new HelloGuard({ failureDelayMs: 100, maxFailureDelayMs: 700 });
    assert.equal(guard.delayMs('a', 'CP1'), 0);
    guard.failed('a', 'CP1');
    assert.equal(guard.delayMs('a', 'CP1'), 100);
    guard.failed('a', 'CP1');
    guard.failed('a', 'CP1');
    assert.equal(guard.delayMs('a', 'CP1'), 400);
    assert.equal(guard.delayMs('b', 'CP1'), 400, 'guessing one CP from another address is slowed too');
    assert.equal(guard.delayMs('a', 'CP2'), 400, 'and so is that address guessing another CP');
    assert.equal(guard.delayMs('b', 'CP2'), 0);
    guard.failed('a', 'CP1');
    assert.equal(guard.delayMs('a', 'CP1'), 700, 'capped');
  });

  it('a right secret clears the failures of its address and CP id', () => {
    const guard = new HelloGuard();
    guard.failed('a', 'CP1');
    assert.equal(guard.delayMs('a', 'CP1'), DEFAULT_HELLO_LIMITS.failureDelayMs);
    guard.succeeded('a', 'CP1');
    assert.equal(guard.delayMs('a', 'CP1'), 0);
  });

  it('remembers a bounded number of addresses, forgetting the oldest (a flood of ids cannot grow memory)', () => {
    const guard = new HelloGuard({ perSecond: 0.001, burst: 1 });
    assert.equal(guard.admit('first', 0), true);
    assert.equal(guard.admit('first', 0), false);
    for (let i = 0; i < 10_000; i++) guard.admit(`flood-${i}`, 0);
    assert.equal(guard.admit('first', 0), true, 'forgotten: a fresh bucket');
  });
});
