import assert from 'node:assert/strict';
import { runFleet } from '../../../fleet/index.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from '../central/app/central-fixture.ts';

describe('evc fleet against a real Central (embedded broker)', function () {
  this.timeout(90_000);
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

  it('brings 20 CPs up, charges, serves requests and reports every session, figure and ticket', async () => {
    const { summary } = await runFleet({
      cps: 20,
      central: { host: '127.0.0.1', port: central.handle.ports.monitor },
      deviceBus: central.mqttUrl,
      httpUrl: `http://127.0.0.1:${central.handle.ports.http}`,
      chargingShare: 0.25,
      telemetryHz: 2,
      requestRate: 4,
      sessionS: 1,
      durationS: 4,
      rampPerS: 100,
      rampTimeoutS: 60,
    });
    const detail = JSON.stringify({ ...summary, counters: undefined });
    assert.equal(summary.cps.target, 20, detail);
    assert.equal(summary.cps.upAtEnd, 20, detail);
    assert.notEqual(summary.cps.allUpMs, null, detail);
    assert.notEqual(summary.cps.allLiveAtCentralMs, null, 'Central showed every CP live on its SSE stream');
    assert.ok(summary.sessions.started >= 5, `sessions started: ${summary.sessions.started}`);
    assert.equal(summary.sessions.ended, summary.sessions.started, detail);
    assert.equal(summary.sessions.endsAcknowledged, summary.sessions.ended, 'Central acknowledged every session-ended');
    assert.equal(summary.sessions.tickets, summary.sessions.ended, 'every driver got its ticket');
    assert.equal(summary.requests.unanswered, 0, detail);
    assert.equal(summary.requests.denied, 0, detail);
    assert.equal(summary.latencies.authorizeMs.count, summary.requests.authorized, detail);
    assert.ok(summary.latencies.telemetryToSseMs.count > 0, 'telemetry reached the SSE stream');
    assert.equal(summary.lost.telemetry, 0, detail);
    assert.equal(summary.dropped.monitorLinksInWindow, 0, detail);
    assert.equal(summary.dropped.busConnectionsInWindow, 0, detail);
  });

  it('spread over two processes, the shards add up', async () => {
    const { summary } = await runFleet({
      cps: 6,
      processes: 2,
      central: { host: '127.0.0.1', port: central.handle.ports.monitor },
      deviceBus: central.mqttUrl,
      httpUrl: `http://127.0.0.1:${central.handle.ports.http}`,
      chargingShare: 1,
      durationS: 2,
      rampPerS: 100,
    });
    const detail = JSON.stringify({ ...summary, counters: undefined });
    assert.equal(summary.cps.target, 6, detail);
    assert.equal(summary.cps.upAtEnd, 6, detail);
    assert.equal(summary.sessions.started, 6, detail);
    assert.equal(summary.sessions.tickets, 6, detail);
    assert.equal(summary.lost.telemetry, 0, detail);
  });
});
