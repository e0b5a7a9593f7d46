import assert from 'node:assert/strict';
import { Latencies, monotonicMs, percentile, summarize } from '../../../fleet/stats.ts';

describe('fleet/stats', () => {
  it('percentile is nearest-rank on sorted samples; null when there are none', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile(sorted, 0), 1);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([], 50), null);
  });

  it('summarize sorts, rounds to hundredths and reports the maximum', () => {
    assert.deepEqual(summarize([3.14159, 1, 2]), { count: 3, p50Ms: 2, p99Ms: 3.14, maxMs: 3.14 });
    assert.deepEqual(summarize([]), { count: 0, p50Ms: null, p99Ms: null, maxMs: null });
  });

  it('Latencies keeps raw samples, so shards merge exactly', () => {
    const shard = new Latencies();
    shard.add(5);
    shard.add(1);
    const merged = new Latencies();
    merged.add(10);
    merged.addAll(shard.samples);
    assert.equal(merged.count, 3);
    assert.deepEqual(merged.summary(), summarize([10, 5, 1]));
  });

  it('monotonicMs does not go back', () => {
    const first = monotonicMs();
    assert.ok(monotonicMs() >= first);
  });
});
