import assert from 'node:assert/strict';
import { zeroCounters } from '../../../fleet/counters.ts';
import { resolveFleetOptions } from '../../../fleet/options.ts';
import type { ShardResult } from '../../../fleet/shard.ts';
import { percentile, summarize } from '../../../fleet/stats.ts';
import { formatSummary, summarizeFleet } from '../../../fleet/summary.ts';
import { fleetSecret } from '../../../fleet/secrets.ts';

function aShardResult(overrides: Partial<ShardResult> = {}): ShardResult {
  return {
    cpsTarget: 10, cpsUpAtEnd: 10, allUpMs: 1000, allLiveAtCentralMs: 1200, windowMs: 10_000, counters: zeroCounters(),
    windowDrops: { monitorLinks: 0, bus: 0 }, authorizeSamplesMs: [], telemetrySamplesMs: [], telemetryLost: 0, unacknowledgedEnds: 0,
    ...overrides,
  };
}

describe('fleet summary', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile([], 99), null);
    assert.deepEqual(summarize([3, 1, 2]), { count: 3, p50Ms: 2, p99Ms: 3, maxMs: 3 });
  });

  it('merges shards from their raw samples, adds counts and keeps the slowest ramp', () => {
    const a = aShardResult({ authorizeSamplesMs: [1, 2, 3], allUpMs: 900, counters: { ...zeroCounters(), authorized: 3, monitorLinksDropped: 1 } });
    const b = aShardResult({ authorizeSamplesMs: [100], allUpMs: 1500, counters: { ...zeroCounters(), authorized: 1 }, windowDrops: { monitorLinks: 2, bus: 0 } });
    const summary = summarizeFleet([a, b]);
    assert.equal(summary.cps.target, 20);
    assert.equal(summary.cps.allUpMs, 1500);
    assert.equal(summary.requests.authorized, 4);
    assert.equal(summary.latencies.authorizeMs.p99Ms, 100);
    assert.equal(summary.latencies.authorizeMs.p50Ms, 2);
    assert.equal(summary.dropped.monitorLinks, 1);
    assert.equal(summary.dropped.monitorLinksInWindow, 2);
    assert.equal(summary.requests.servedPerS, 0.4);
  });

  it('says "never" for a shard that never came up, and no telemetry loss without SSE', () => {
    const summary = summarizeFleet([aShardResult(), aShardResult({ allUpMs: null, telemetryLost: null })]);
    assert.equal(summary.cps.allUpMs, null);
    assert.equal(summary.lost.telemetry, null);
    assert.match(formatSummary(summary, { cps: 20, drivers: 0 }).join('\n'), /all up after never/);
  });
});

describe('fleet options and secrets', () => {
  it('gives enough drivers for the charging share and the request rate', () => {
    const options = resolveFleetOptions({ cps: 100, chargingShare: 0.5, requestRate: 10, sessionS: 2 });
    assert.equal(options.drivers, 50 + 40 + 10);
    assert.equal(options.driverBus, options.deviceBus);
  });

  it('refuses a share above 1 and fewer drivers than charging CPs', () => {
    assert.throws(() => resolveFleetOptions({ chargingShare: 1.5 }), /--charging/);
    assert.throws(() => resolveFleetOptions({ cps: 10, chargingShare: 1, drivers: 5 }), /fewer than the 10 charging CPs/);
  });

  it('derives the same 256-bit secret from the same seed, another from another', () => {
    assert.equal(fleetSecret('s', 'CP1'), fleetSecret('s', 'CP1'));
    assert.notEqual(fleetSecret('s', 'CP1'), fleetSecret('t', 'CP1'));
    assert.equal(Buffer.from(fleetSecret('s', 'CP1'), 'base64url').length, 32);
  });
});
