import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { SessionView } from '../../../../central/core/index.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { connectCp, isEvent, reserve, type CpRig } from './cp-rig.ts';
import { TestDriver } from './test-clients.ts';

async function ledgerLines(dataDir: string): Promise<Array<Record<string, unknown>>> {
  const dir = path.join(dataDir, 'ledger');
  const lines: Array<Record<string, unknown>> = [];
  for (const name of (await readdir(dir)).sort()) {
    for (const line of (await readFile(path.join(dir, name), 'utf8')).split('\n')) if (line) lines.push(JSON.parse(line));
  }
  return lines;
}

describe('Central: sessions end to end over the buses (DESIGN §4.4–4.5, §5)', function () {
  let dataDir: string;
  let central: TestCentral;
  let cp1: CpRig;
  let driver: TestDriver;

  beforeEach(async () => {
    dataDir = await tempDataDir();
    central = await startCentral(dataDir, { reservationMs: 60_000 });
    cp1 = await connectCp(central, 'CP1', 0.5);
    driver = await TestDriver.connect(central.mqttUrl, 'D1');
  });

  afterEach(async () => {
    await driver.close();
    await cp1.close();
    await central.handle.close();
    await removeDir(dataDir);
  });

  it('charges: authorize → session-started → progress → session-ended → ticket = kWh × price, ack after the ledger line', async () => {
    const sessionId = await reserve(driver, 'CP1');
    const authorize = await cp1.engine.commands.next((c) => c.type === 'authorize', 'authorize on evc/cp/CP1/cmd');
    assert.equal(authorize.type === 'authorize' && authorize.sessionId, sessionId);
    assert.equal(authorize.type === 'authorize' && authorize.driverId, 'D1');
    await cpReaches(central.operations, 'CP1', 'RESERVED');

    const started = await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
    await cpReaches(central.operations, 'CP1', 'CHARGING');
    // The Engine's outbox keeps session-started too until Central acknowledges it (DESIGN §4.4).
    await cp1.engine.commands.next((c) => c.type === 'ack' && (c as { re?: string }).re === started.id, 'ack of session-started');
    await cp1.engine.telemetry({ sessionId, kW: 7.4, kWh: 1.2 });
    const progress = await driver.events.next(isEvent('progress'), 'progress');
    assert.equal(progress.kWh, 1.2);
    assert.ok(Math.abs(progress.amount - 0.6) < 1e-9);

    const ended = once(central.operations, 'session-ended') as Promise<[SessionView]>;
    const event = await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 2.5, durationS: 60, reason: 'unplugged' });
    const ack = await cp1.engine.commands.next((c) => c.type === 'ack', 'ack of session-ended');
    assert.equal((ack as { re?: string }).re, event.id);
    // The ack leaves only once the ledger has the ticket (DESIGN §5).
    const line = (await ledgerLines(dataDir)).find((entry) => entry.sessionId === sessionId);
    assert.ok(line, 'ledger line on disk when the ack arrives');
    assert.equal(line.kind, 'session');
    assert.equal(line.amount, 1.25);

    const ticket = await driver.events.next(isEvent('ticket'), 'ticket');
    assert.equal(ticket.sessionId, sessionId);
    assert.equal(ticket.kWh, 2.5);
    assert.equal(ticket.pricePerKwh, 0.5);
    assert.equal(ticket.amount, 2.5 * 0.5);
    assert.equal(ticket.reason, 'unplugged');
    const [view] = await ended;
    assert.equal(view.id, sessionId);
    await cpReaches(central.operations, 'CP1', 'AVAILABLE');
    const sessions = await central.operations.sessionViews();
    assert.equal(sessions[0]?.id, sessionId);
    assert.equal(sessions[0]?.state, 'ended');
  });

  it('a KO during a supply ends it with reason fault, tells the driver and shows FAULTED', async () => {
    const sessionId = await reserve(driver, 'CP1');
    await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
    await cpReaches(central.operations, 'CP1', 'CHARGING');
    await cp1.engine.telemetry({ sessionId, kW: 7.4, kWh: 0.4 });
    await driver.events.next(isEvent('progress'), 'progress');

    await cp1.monitor.engine('ko');
    await cpReaches(central.operations, 'CP1', 'FAULTED');
    const told = await driver.events.next(isEvent('cp-state', (event) => event.state === 'FAULTED'), 'cp-state FAULTED');
    assert.equal(told.cpId, 'CP1');
    // The Engine opened its relay on the KO itself and reports its meter.
    await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 0.45, durationS: 20, reason: 'fault' });
    const ticket = await driver.events.next(isEvent('ticket'), 'ticket');
    assert.equal(ticket.reason, 'fault');
    assert.equal(ticket.kWh, 0.45);
    assert.equal(central.operations.cpViews().find((cp) => cp.id === 'CP1')?.state, 'FAULTED');

    await cp1.monitor.engine('ok');
    await cpReaches(central.operations, 'CP1', 'AVAILABLE');
  });

  it('an unreachable Engine during a supply ends it at once with the last telemetry', async () => {
    const sessionId = await reserve(driver, 'CP1');
    await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
    await cpReaches(central.operations, 'CP1', 'CHARGING');
    await cp1.engine.telemetry({ sessionId, kW: 3, kWh: 0.8 });
    await driver.events.next(isEvent('progress'), 'progress');
    await cp1.monitor.engine('unreachable');
    const ticket = await driver.events.next(isEvent('ticket'), 'ticket');
    assert.equal(ticket.reason, 'fault');
    assert.equal(ticket.kWh, 0.8);
    const end = await cp1.engine.commands.next((c) => c.type === 'end-session', 'end-session');
    assert.equal(end.type === 'end-session' && end.sessionId, sessionId);
  });

  it('stop all and resume all: STOPPED ("Out of Order") with a ledger line each, then AVAILABLE', async () => {
    const cp2 = await connectCp(central, 'CP2', 0.3);
    try {
      const sessionId = await reserve(driver, 'CP1');
      await cp1.engine.send({ type: 'session-started', sessionId, driverId: 'D1' });
      await cpReaches(central.operations, 'CP1', 'CHARGING');

      await central.operations.stopAll('maintenance');
      await cpReaches(central.operations, 'CP1', 'STOPPED');
      await cpReaches(central.operations, 'CP2', 'STOPPED');
      for (const rig of [cp1, cp2]) await rig.engine.commands.next((c) => c.type === 'stop', `stop to ${rig.cpId}`);
      await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 0.3, durationS: 5, reason: 'stopped' });
      const ticket = await driver.events.next(isEvent('ticket'), 'ticket');
      assert.equal(ticket.reason, 'stopped');
      const denied = await driver.request({ type: 'charge', driverId: 'D1', cpId: 'CP2' });
      await driver.events.next(isEvent('denied', (event) => event.re === denied.id), 'charge at a STOPPED CP denied');

      await central.operations.resumeAll();
      await cpReaches(central.operations, 'CP1', 'AVAILABLE');
      await cpReaches(central.operations, 'CP2', 'AVAILABLE');
      for (const rig of [cp1, cp2]) await rig.engine.commands.next((c) => c.type === 'resume', `resume to ${rig.cpId}`);
      const operator = (await ledgerLines(dataDir)).filter((line) => line.kind === 'operator');
      assert.deepEqual(
        operator.map((line) => `${line.action} ${line.cpId} ${line.scope}`).sort(),
        ['resume CP1 all', 'resume CP2 all', 'stop CP1 all', 'stop CP2 all'],
      );
      assert.equal(await central.operations.stopCp('NOPE'), false);
    } finally {
      await cp2.close();
    }
  });
});

describe('Central: reservations expire (DESIGN §2)', function () {
  it('cancels a reservation nobody plugged into and tells the driver', async () => {
    const dataDir = await tempDataDir();
    const central = await startCentral(dataDir, { reservationMs: 300 });
    const cp1 = await connectCp(central, 'CP1');
    const driver = await TestDriver.connect(central.mqttUrl, 'D2');
    try {
      const sessionId = await reserve(driver, 'CP1');
      await cpReaches(central.operations, 'CP1', 'RESERVED');
      const ticket = await driver.events.next(isEvent('ticket'), 'ticket for the expired reservation');
      assert.equal(ticket.sessionId, sessionId);
      assert.equal(ticket.reason, 'expired');
      assert.equal(ticket.amount, 0);
      const cancel = await cp1.engine.commands.next((c) => c.type === 'cancel', 'cancel to the Engine');
      assert.equal(cancel.type === 'cancel' && cancel.sessionId, sessionId);
      await cpReaches(central.operations, 'CP1', 'AVAILABLE');
    } finally {
      await driver.close();
      await cp1.close();
      await central.handle.close();
      await removeDir(dataDir);
    }
  });
});
