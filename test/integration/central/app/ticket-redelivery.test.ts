import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TICKET_OUTBOX_FILE } from '../../../../central/store/ticket-outbox.ts';
import { pollUntil } from '../../../helpers/processes.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { connectCp, isEvent, reserve } from './cp-rig.ts';
import { TestDriver } from './test-clients.ts';

describe('Central: tickets kept until the driver acknowledges them (DESIGN §4.5)', function () {
  this.timeout(30_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    await removeDir(dataDir);
  });

  it('holds a ticket on disk, sends it again after a restart until the driver acks, and then never again', async () => {
    let central: TestCentral = await startCentral(dataDir);
    const mqttPort = central.handle.ports.mqtt!;
    const cp1 = await connectCp(central, 'CP1', 0.5);
    const driver = await TestDriver.connect(central.mqttUrl, 'D1');
    try {
      const sessionId = await reserve(driver, 'CP1');
      await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
      await cpReaches(central.operations, 'CP1', 'CHARGING');
      await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 2, durationS: 60, reason: 'unplugged' });
      const first = await driver.events.next(isEvent('ticket'), 'the ticket');
      assert.match(await readFile(path.join(dataDir, TICKET_OUTBOX_FILE), 'utf8'), new RegExp(sessionId), 'held on disk');

      // Central dies before the driver acknowledged it: the restarted Central sends it again, same message.
      await central.handle.close();
      central = await startCentral(dataDir, { mqttPort });
      const again = await driver.events.next(isEvent('ticket'), 'the ticket again after the restart');
      assert.deepEqual(again, first);

      await driver.request({ type: 'ack', driverId: 'D1', sessionId });
      const outbox = path.join(dataDir, TICKET_OUTBOX_FILE);
      await pollUntil(async () => ((await readFile(outbox, 'utf8')).includes('"release"') ? true : undefined), { timeoutMs: 8000, what: 'the release on disk' });
      await central.handle.close();
      central = await startCentral(dataDir, { mqttPort });
      // A request from D1 makes Central send whatever it still holds for D1 at once: nothing now.
      const mark = driver.events.received.length;
      await driver.request({ type: 'status', driverId: 'D1', cpId: 'CP1' });
      await driver.events.next(isEvent('cp-state'), 'the status answer');
      // An absence cannot be awaited: past one full redelivery period (2 s), nothing may have come.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      assert.deepEqual(driver.events.received.slice(mark).filter((event) => event.type === 'ticket'), [], 'an acknowledged ticket is not sent again');
      assert.doesNotMatch(await readFile(path.join(dataDir, TICKET_OUTBOX_FILE), 'utf8'), new RegExp(sessionId), 'compacted away at the restart');
    } finally {
      await driver.close();
      await cp1.close();
      await central.handle.close();
    }
  });

  it('a driver cannot release another driver\'s ticket', async () => {
    const central = await startCentral(dataDir);
    const cp1 = await connectCp(central, 'CP1', 0.5);
    const d1 = await TestDriver.connect(central.mqttUrl, 'D1');
    const d2 = await TestDriver.connect(central.mqttUrl, 'D2');
    try {
      const sessionId = await reserve(d1, 'CP1');
      await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
      await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 1, durationS: 60, reason: 'unplugged' });
      const first = await d1.events.next(isEvent('ticket'), 'the ticket');
      await d2.request({ type: 'ack', driverId: 'D2', sessionId });
      const redelivered = await d1.events.next(isEvent('ticket'), 'the redelivery', 10_000);
      assert.equal(redelivered.id, first.id);
    } finally {
      await d1.close();
      await d2.close();
      await cp1.close();
      await central.handle.close();
    }
  });
});
