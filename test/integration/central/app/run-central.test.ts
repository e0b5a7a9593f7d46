import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCentral } from '../../../../central/app/index.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, testOptions, type TestCentral } from './central-fixture.ts';
import { connectCp, isEvent, reserve } from './cp-rig.ts';
import { TestDriver, type TestEngine } from './test-clients.ts';
import { TestMonitor } from './test-monitor.ts';

async function reconnected(engineOrDriver: { bus: TestEngine['bus'] }): Promise<void> {
  if (!engineOrDriver.bus.connected) await once(engineOrDriver.bus, 'connect');
}

describe('Central: restart and a damaged store (DESIGN §5)', function () {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    await removeDir(dataDir);
  });

  it('carries a session over a restart and bills it when the Engine reports the end', async () => {
    let central: TestCentral = await startCentral(dataDir);
    const mqttPort = central.handle.ports.mqtt!;
    const cp1 = await connectCp(central, 'CP1', 0.5);
    const driver = await TestDriver.connect(central.mqttUrl, 'D1');
    let monitor: TestMonitor | undefined;
    try {
      const sessionId = await reserve(driver, 'CP1');
      await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
      await cpReaches(central.operations, 'CP1', 'CHARGING');

      await central.handle.close();
      await cp1.monitor.close();
      central = await startCentral(dataDir, { mqttPort });
      const carried = (await central.operations.sessionViews()).find((view) => view.id === sessionId);
      assert.equal(carried?.state, 'charging');
      assert.equal(central.operations.cpViews().find((cp) => cp.id === 'CP1')?.state, 'DISCONNECTED');

      monitor = await TestMonitor.connect(central.handle.ports.monitor);
      assert.equal((await monitor.hello({ cpId: 'CP1', secret: cp1.secret, location: { label: 'Bay CP1' } })).type, 'welcome');
      await cpReaches(central.operations, 'CP1', 'CHARGING');
      await reconnected(cp1.engine);
      await reconnected(driver);
      // What a real Engine replays on reconnect: its last state, then its outbox.
      await cp1.engine.send({ type: 'state', state: 'CHARGING', sessionId });
      await cp1.engine.telemetry({ sessionId, kW: 7, kWh: 2 });
      const event = await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 3, durationS: 120, reason: 'unplugged' });
      const ack = await cp1.engine.commands.next((c) => c.type === 'ack' && (c as { re?: string }).re === event.id, 'ack after restart');
      assert.ok(ack);
      const ticket = await driver.events.next(isEvent('ticket'), 'ticket after restart');
      assert.equal(ticket.sessionId, sessionId);
      assert.equal(ticket.amount, 1.5);
      // Issue 9: Central shows AVAILABLE only once the Engine no longer says it is charging (relay open).
      assert.equal(central.operations.cpViews().find((cp) => cp.id === 'CP1')?.state, 'CHARGING');
      await cp1.engine.send({ type: 'state', state: 'AVAILABLE' });
      await cpReaches(central.operations, 'CP1', 'AVAILABLE');
    } finally {
      await monitor?.close();
      await driver.close();
      await cp1.close();
      await central.handle.close();
    }
  });

  it('refuses a corrupt state.json with an EvcError naming it, and leaves it untouched', async () => {
    const file = path.join(dataDir, 'state.json');
    const damage = '{"version":1,"cps":{"CP1":';
    await writeFile(file, damage);
    await assert.rejects(runCentral(testOptions(dataDir)), (error: unknown) => {
      assert.ok(error instanceof EvcError);
      assert.equal(error.code, 'STORE_CORRUPT');
      assert.match(error.message, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), damage);
    // Nothing was left holding the data directory: a repaired store starts.
    await writeFile(file, JSON.stringify({ version: 1, cps: {}, drivers: {}, sessions: {} }));
    const central = await runCentral(testOptions(dataDir));
    await central.close();
  });

  it('says which flag to change when a port is taken, and refuses a second Central on one data dir', async () => {
    const first = await startCentral(dataDir);
    const otherDir = await tempDataDir();
    try {
      await assert.rejects(runCentral(testOptions(otherDir, { monitorPort: first.handle.ports.monitor })), /Monitor port \d+ .*--port/);
      await assert.rejects(runCentral(testOptions(otherDir, { mqttPort: first.handle.ports.mqtt! })), /--mqtt-port/);
      await assert.rejects(runCentral(testOptions(dataDir)), (error: unknown) => error instanceof EvcError && error.code === 'DATA_IN_USE');
      await assert.rejects(runCentral(testOptions(otherDir, { driverBus: 'amqp://x' })), (error: unknown) => error instanceof EvcError && error.exitCode === 2);
    } finally {
      await first.handle.close();
      await removeDir(otherDir);
    }
  });
});
