import assert from 'node:assert/strict';
import { resolveFleetOptions, type FleetOptions } from '../../../fleet/options.ts';
import { FleetShard } from '../../../fleet/shard.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from '../central/app/central-fixture.ts';

describe('fleet/shard: one process’s part of a fleet against a real Central', function () {
  this.timeout(60_000);
  let dataDir: string;
  let central: TestCentral;
  beforeEach(async () => {
    dataDir = await tempDataDir();
    central = await startCentral(dataDir, { registration: 'open', httpPort: 0, httpHost: '127.0.0.1' });
  });
  afterEach(async () => {
    await central.handle.close();
    await removeDir(dataDir);
  });

  const options = (overrides: Partial<FleetOptions>): FleetOptions =>
    resolveFleetOptions({
      central: { host: '127.0.0.1', port: central.handle.ports.monitor },
      deviceBus: central.mqttUrl,
      httpUrl: `http://127.0.0.1:${central.handle.ports.http}`,
      prefix: 'S',
      rampTimeoutS: 30,
      ...overrides,
    });

  it('takes every n-th CP and driver, brings them up, charges the long sessions and reports', async () => {
    const shard = new FleetShard(options({ cps: 4, chargingShare: 1, durationS: 1 }), 1, 2);
    const before = shard.progress();
    assert.deepEqual([before.phase, before.cpsTarget, before.cpsUp], ['ramp', 2, 0]);
    const result = await shard.run();
    assert.equal(result.cpsTarget, 2);
    assert.equal(result.cpsUpAtEnd, 2);
    assert.notEqual(result.allUpMs, null);
    assert.notEqual(result.allLiveAtCentralMs, null, 'Central showed both live on its SSE stream');
    assert.deepEqual(
      central.operations.cpViews().map((view) => view.id).sort(),
      ['SCP2', 'SCP4'],
      'shard 1 of 2 ran the 2nd and 4th CP',
    );
    assert.equal(result.counters.sessionsStarted, 2, 'both charge for the whole run, a driver each');
    assert.equal(result.counters.sessionsEnded, 2, 'and are unplugged when the shard stops');
    assert.equal(shard.progress().phase, 'done');
  });

  it('stops early when aborted (a 10-minute window), still reporting', async () => {
    const controller = new AbortController();
    const shard = new FleetShard(options({ cps: 2, durationS: 600 }));
    const running = shard.run(controller.signal);
    controller.abort();
    const result = await running;
    assert.equal(result.cpsTarget, 2);
    assert.equal(shard.progress().phase, 'done');
  });
});
