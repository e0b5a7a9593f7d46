import assert from 'node:assert/strict';
import { cpReaches } from '../central/app/central-fixture.ts';
import { aFleetRig, type FleetRig } from './fleet-rig.ts';

describe('fleet/fleet-cp: one simulated CP against a real Central', function () {
  let rig: FleetRig;
  beforeEach(async () => {
    rig = await aFleetRig();
  });
  afterEach(() => rig.close());

  it('says hello over a real Monitor link and joins the device bus: Central shows it AVAILABLE', async () => {
    rig.cp.start();
    await cpReaches(rig.central.operations, 'FCP1', 'AVAILABLE');
    assert.equal(rig.cp.up, true);
    assert.equal(rig.cp.idle, true);
    assert.equal(rig.counters.helloTimeouts, 0);
  });

  it('a KO shows as FAULTED at Central; cleared, the CP is AVAILABLE and idle again', async () => {
    rig.cp.start();
    await cpReaches(rig.central.operations, 'FCP1', 'AVAILABLE');
    rig.cp.raiseFault();
    await cpReaches(rig.central.operations, 'FCP1', 'FAULTED');
    assert.equal(rig.cp.idle, false);
    assert.equal(rig.counters.koRaised, 1);
    const idle = rig.cpIdle();
    rig.cp.clearFault();
    await idle;
    await cpReaches(rig.central.operations, 'FCP1', 'AVAILABLE');
  });

  it("charges when Central starts a driver's session, sends telemetry, and ends it when unplugged", async () => {
    rig.cp.start();
    await rig.driver.start();
    await cpReaches(rig.central.operations, 'FCP1', 'AVAILABLE');
    rig.driver.charge('FCP1');
    const charging = await cpReaches(rig.central.operations, 'FCP1', 'CHARGING');
    assert.equal(charging.driverId, 'FD1');
    assert.equal(rig.cp.charging, true);
    const free = rig.driverFree();
    const idle = rig.cpIdle();
    rig.cp.stopCharging();
    await idle;
    assert.equal(await free, 'FCP1', 'the driver got its ticket');
    assert.equal(rig.cp.charging, false);
    assert.deepEqual([rig.counters.sessionsStarted, rig.counters.sessionsEnded], [1, 1]);
    const [session] = await rig.central.operations.sessionViews(1);
    assert.deepEqual([session?.cpId, session?.driverId, session?.reason], ['FCP1', 'FD1', 'unplugged']);
  });

  it('a KO during a session ends it as a fault', async () => {
    rig.cp.start();
    await rig.driver.start();
    await cpReaches(rig.central.operations, 'FCP1', 'AVAILABLE');
    rig.driver.charge('FCP1');
    await cpReaches(rig.central.operations, 'FCP1', 'CHARGING');
    const free = rig.driverFree();
    rig.cp.raiseFault();
    await free;
    const [session] = await rig.central.operations.sessionViews(1);
    assert.equal(session?.reason, 'fault');
    await cpReaches(rig.central.operations, 'FCP1', 'FAULTED');
  });
});
