// Any one part may crash at any moment (issue #10, DESIGN §1): the main kills on real
// processes, on Central's embedded broker. `npm run reliability` runs many more, at random moments.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { driverRecordOf } from '../../demo/driver-records.ts';
import { ChargingNetwork } from '../helpers/e2e-network.ts';
import type { DriverProcess, DriverRecord } from '../helpers/e2e-driver.ts';
import { useProcesses } from '../helpers/processes.ts';
import { cpChildPid, waitForCpChild } from '../../reliability/faults.ts';

/** Every ticket record any of `drivers` printed for `sessionId`. */
function ticketsShown(drivers: DriverProcess[], sessionId: unknown): DriverRecord[] {
  return drivers.flatMap((driver) => driver.process.lines().map(driverRecordOf).filter((record): record is DriverRecord => record?.type === 'ticket' && record.sessionId === sessionId));
}

describe('crash safety end to end: one part killed during a charge (embedded broker)', function () {
  this.timeout(120_000);
  const processes = useProcesses();
  let network: ChargingNetwork;

  before(async function () {
    this.timeout(300_000);
    network = await processes.guard('starting the network', () =>
      ChargingNetwork.start(processes, {
        idPrefix: `X${Math.random().toString(36).slice(2, 7)}`,
        buses: { deviceBus: 'embedded', driverBus: 'embedded', engineBus: 'embedded', driverBusForDrivers: 'embedded' },
        registration: 'open',
        prices: [0.4, 0.3],
      }),
    );
  });

  after(async () => {
    await processes.stopAll();
    if (network && !processes.dumped) await network.removeData();
  });

  async function charging(cpId: string, driverId: string): Promise<{ driver: DriverProcess; sessionId: unknown }> {
    const driver = await network.driver(driverId, ['charge', cpId]);
    const authorized = await driver.event('authorized', (record) => record.cpId === cpId);
    await network.pressUntil(cpId, 'plug', () => driver.event('progress', (record) => record.sessionId === authorized.sessionId && Number(record.kWh) > 0));
    return { driver, sessionId: authorized.sessionId };
  }

  it('Central SIGKILLed at the unplug: after its restart the driver gets the ticket exactly once', async () => {
    const cp = network.cp(0);
    const driverId = `${network.idPrefix}-D1`;
    const { driver, sessionId } = await charging(cp.id, driverId);
    await network.press(cp.id, 'plug');
    network.central.killNow(); // the unplug and Central's death together
    await network.central.waitForExit(10_000);
    await network.release(cp.id, 'plug');
    await network.restartCentral();

    const drivers = [driver];
    // The charge gives up if Central stays silent too long; then the driver watches the session again.
    const deadline = Date.now() + 60_000;
    while (ticketsShown(drivers, sessionId).length === 0 && Date.now() < deadline) {
      if (!drivers.at(-1)!.process.running) drivers.push(await network.driver(driverId, ['watch']));
      await delay(200);
    }
    const [ticket] = ticketsShown(drivers, sessionId);
    assert.ok(ticket, 'the ticket reached the driver after the restart');
    assert.equal(ticket.reason, 'unplugged');
    await network.waitForState(cp.id, 'AVAILABLE');
    // Central redelivers until the ack: a second copy would show up within its 2 s first resend.
    const watch = await network.driver(driverId, ['watch']);
    drivers.push(watch);
    await watch.finish(30_000).catch(() => undefined);
    await delay(3000);
    assert.equal(ticketsShown(drivers, sessionId).length, 1, 'shown once, whatever was redelivered');
  });

  it('Engine SIGKILLed mid-charge: FAULTED and a fault ticket at once; the restarted Engine reconciles without a second ticket', async () => {
    const cp = network.cp(1);
    const { driver, sessionId } = await charging(cp.id, `${network.idPrefix}-D2`);
    const enginePid = cpChildPid(cp.process.pid!, 'engine')!;
    process.kill(enginePid, 'SIGKILL');

    const ticket = await driver.event('ticket', (record) => record.sessionId === sessionId);
    assert.equal(ticket.reason, 'fault');
    assert.ok(Number(ticket.kWh) > 0, 'billed from Central\'s own record: the last telemetry');
    // evc cp restarts the Engine; its journal reports the interrupted session, Central acks it as already closed.
    const restarted = await waitForCpChild(cp.process.pid!, 'engine');
    assert.notEqual(restarted, enginePid);
    await network.waitForState(cp.id, 'AVAILABLE');
    const { result } = await driver.finish();
    assert.equal(result.outcome, 'ended-early');
    const sessions = (await network.sessions()).filter((session) => session.id === sessionId);
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.reason, 'fault');
    assert.equal(ticketsShown([driver], sessionId).length, 1, 'one ticket');
  });
});
