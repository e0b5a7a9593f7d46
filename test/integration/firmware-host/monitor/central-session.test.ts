import assert from 'node:assert/strict';
import { once } from 'node:events';
import { CentralSession, type CentralStatus } from '../../../../firmware-host/monitor/central-session.ts';
import type { EngineReport } from '../../../../firmware-host/monitor/engine-report.ts';
import { MonitorRejectedError } from '../../../../firmware-host/monitor/errors.ts';
import type { Health } from '../../../../protocol/index.ts';
import { FakeCentral } from './fakes.ts';

const HELLO = { cpId: 'CP1', secret: 's3cret', location: { label: 'Lab 1' }, pricePerKwh: 0.4, maxPowerKw: 22 };
const FAST_RETRY = { initialMs: 10, maxMs: 20, factor: 2, jitter: 0 };

describe('firmware-host/monitor CentralSession (DESIGN §4.2)', () => {
  let central: FakeCentral;
  let session: CentralSession | undefined;
  let report: EngineReport | undefined;

  beforeEach(async () => {
    central = await FakeCentral.start();
    report = { engine: 'ok' };
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await central.close();
  });

  function aSession(overrides: Partial<ConstructorParameters<typeof CentralSession>[0]> = {}): CentralSession {
    session = new CentralSession({ host: '127.0.0.1', port: central.port, hello: HELLO, currentReport: () => report, backoff: FAST_RETRY, ...overrides });
    return session;
  }

  const statusBecomes = (target: CentralSession, state: CentralStatus['state']) =>
    new Promise<CentralStatus>((resolve) => {
      if (target.status.state === state) return resolve(target.status);
      const listener = (status: CentralStatus) => {
        if (status.state !== state) return;
        target.off('status', listener);
        resolve(status);
      };
      target.on('status', listener);
    });

  it('says hello with the CP’s fields, is welcomed, and reports health at once and every heartbeat, capped by maxHeartbeatMs', async () => {
    central.heartbeatMs = 60_000;
    const monitor = aSession({ maxHeartbeatMs: 30 });
    const healths: Health[] = [];
    monitor.on('health', (message) => healths.push(message));
    monitor.start();
    assert.deepEqual(await statusBecomes(monitor, 'connected'), { state: 'connected', heartbeatMs: 30 });
    const { type, id, ts, ...fields } = central.hellos[0]!;
    assert.deepEqual([type, typeof id, typeof ts, fields], ['hello', 'string', 'number', HELLO]);
    while (central.healths.length < 3) await once(central, 'health');
    assert.deepEqual(central.healths.slice(0, 3).map((health) => [health.cpId, health.engine]), [['CP1', 'ok'], ['CP1', 'ok'], ['CP1', 'ok']]);
    assert.ok(healths.length >= 3);
  });

  it('sends no health while the Engine’s verdict is unknown, and sends a change at once with reportNow', async () => {
    report = undefined;
    central.heartbeatMs = 60_000;
    const monitor = aSession();
    monitor.start();
    await statusBecomes(monitor, 'connected');
    assert.deepEqual(central.healths, []);
    report = { engine: 'ko', detail: 'KO pressed' };
    const arrived = once(central, 'health');
    monitor.reportNow();
    const [health] = (await arrived) as [Health];
    assert.deepEqual([health.engine, health.detail], ['ko', 'KO pressed']);
  });

  it('a reject retrying cannot fix is fatal, naming what to do', async () => {
    central.rejections = ['BAD_SECRET'];
    const monitor = aSession();
    const fatal = once(monitor, 'fatal');
    monitor.start();
    const [error] = (await fatal) as [MonitorRejectedError];
    assert.ok(error instanceof MonitorRejectedError);
    assert.equal(error.rejectCode, 'BAD_SECRET');
    assert.match(error.message, /check --secret/);
    assert.equal(monitor.status.state, 'rejected');
  });

  it('PENDING and DUPLICATE are retried with backoff until welcomed', async () => {
    central.rejections = ['PENDING', 'DUPLICATE'];
    const monitor = aSession();
    const details: string[] = [];
    monitor.on('status', (status) => status.detail && details.push(status.detail));
    monitor.start();
    await statusBecomes(monitor, 'connected');
    assert.equal(central.hellos.length, 3);
    assert.match(details[0]!, /^PENDING: /);
    assert.match(details[1]!, /already connected \(DUPLICATE\)/);
  });

  it('reconnects when the link drops, and says hello again', async () => {
    const monitor = aSession();
    monitor.start();
    await statusBecomes(monitor, 'connected');
    const port = central.port;
    await central.close();
    await statusBecomes(monitor, 'retrying');
    central = await FakeCentral.start(port);
    await statusBecomes(monitor, 'connected');
    assert.equal(central.hellos.length, 1);
  });

  it('close ends in closed and stops saying hello', async () => {
    const monitor = aSession();
    monitor.start();
    await statusBecomes(monitor, 'connected');
    await monitor.close();
    assert.equal(monitor.status.state, 'closed');
    monitor.start(); // a closed session does not come back
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(central.hellos.length, 1);
  });
});
