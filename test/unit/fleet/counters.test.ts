import assert from 'node:assert/strict';
import { addCounters, zeroCounters } from '../../../fleet/counters.ts';

describe('fleet/counters', () => {
  it('starts every count at zero and adds a shard’s counts field by field', () => {
    const total = zeroCounters();
    assert.ok(Object.values(total).every((value) => value === 0));
    const shard = zeroCounters();
    shard.requestsSent = 3;
    shard.ticketsReceived = 2;
    addCounters(total, shard);
    addCounters(total, shard);
    assert.deepEqual({ ...total }, { ...zeroCounters(), requestsSent: 6, ticketsReceived: 4 });
  });
});
