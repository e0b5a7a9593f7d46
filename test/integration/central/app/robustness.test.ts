import assert from 'node:assert/strict';
import { once } from 'node:events';
import { topics } from '../../../../protocol/index.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { connectCp, isEvent, reserve, type CpRig } from './cp-rig.ts';
import { TestDriver, TestEngine } from './test-clients.ts';

describe('Central: bad input on the buses never crashes it (DESIGN §4.4–4.5)', function () {
  let dataDir: string;
  let central: TestCentral;
  let cp1: CpRig;
  let cp2: CpRig;
  let driver: TestDriver;

  beforeEach(async () => {
    dataDir = await tempDataDir();
    central = await startCentral(dataDir);
    cp1 = await connectCp(central, 'CP1');
    cp2 = await connectCp(central, 'CP2');
    driver = await TestDriver.connect(central.mqttUrl, 'D1');
  });

  afterEach(async () => {
    await driver.close();
    await cp1.close();
    await cp2.close();
    await central.handle.close();
    await removeDir(dataDir);
  });

  it('drops malformed events, telemetry, online flags and requests, and keeps serving', async () => {
    const garbage = ['not json', '{"type":"state"}', '{"type":"session-ended","id":"x","ts":1}', '[]', '\u0000\u00ff', '{"type":"launch-missiles","id":"1","ts":1}'];
    for (const payload of garbage) {
      await cp1.engine.bus.publish(topics.cpEvents('CP1'), payload);
      await cp1.engine.bus.publish(topics.cpTelemetry('CP1'), payload);
      await driver.bus.publish(topics.driverRequests('D1'), payload);
    }
    await cp1.engine.bus.publish(topics.cpOnline('CP1'), 'maybe', { retain: true });
    await cp1.engine.bus.publish(topics.cpTelemetry('CP1'), JSON.stringify({ type: 'telemetry', id: 't', ts: 1, sessionId: 'nope', kW: 1, kWh: 1 }));

    const sessionId = await reserve(driver, 'CP1');
    await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
    await cpReaches(central.operations, 'CP1', 'CHARGING');
    await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 1, durationS: 3, reason: 'unplugged' });
    const ticket = await driver.events.next(isEvent('ticket'), 'ticket after the garbage');
    assert.equal(ticket.amount, 0.5);
  });

  it('an Engine cannot publish on another CP\'s topic: the broker drops it, Central never sees it', async () => {
    const dropped = once(cp1.engine.bus, 'disconnect');
    // A forged fault for CP2 from CP1's login; the broker's ACL closes CP1's connection instead (DESIGN §4.4).
    cp1.engine.bus.publish(topics.cpEvents('CP2'), JSON.stringify({ type: 'state', id: 'forged-1', ts: Date.now(), state: 'FAULTED' })).catch(() => undefined);
    await dropped;
    // A barrier on the same channel: CP2's own event is acked only after Central read what came before it.
    const probe = await cp2.engine.send({ type: 'session-ended', sessionId: 'no-such-session', kWh: 0, durationS: 0, reason: 'unplugged' });
    await cp2.engine.commands.next((c) => c.type === 'ack' && (c as { re?: string }).re === probe.id, 'ack of the probe');
    assert.equal(central.operations.cpViews().find((cp) => cp.id === 'CP2')?.state, 'AVAILABLE');
  });

  it('an Engine with a wrong secret cannot log in; a driver cannot take a CP\'s name', async () => {
    await assert.rejects(TestEngine.connect(central.mqttUrl, 'CP1', 'wrong', { connectTimeoutMs: 2000 }), /refused/);
    await assert.rejects(TestDriver.connect(central.mqttUrl, 'CP2'), /refused/);
  });
});
