import assert from 'node:assert/strict';
import { cpReaches } from '../central/app/central-fixture.ts';
import { aFleetRig, type FleetRig } from './fleet-rig.ts';

describe('fleet/fleet-driver: one simulated driver against a real Central', function () {
  let rig: FleetRig;
  afterEach(() => rig.close());

  it('is authorized, timed, in session until its ticket, then free again', async () => {
    rig = await aFleetRig({ sessionMs: 300 });
    rig.cp.start();
    await rig.driver.start();
    assert.equal(rig.driver.free, true);
    await cpReaches(rig.central.operations, 'FCP1', 'AVAILABLE');
    const free = rig.driverFree();
    rig.driver.charge('FCP1');
    assert.equal(rig.driver.waitingForAnswer, true);
    await cpReaches(rig.central.operations, 'FCP1', 'CHARGING');
    assert.equal(await free, 'FCP1');
    assert.equal(rig.driver.free, true);
    assert.equal(rig.driver.inSession, false);
    assert.deepEqual([rig.counters.requestsSent, rig.counters.authorized, rig.counters.ticketsReceived, rig.counters.denied], [1, 1, 1, 0]);
    assert.equal(rig.authorize.count, 1);
  });

  it('a request for a CP Central does not know is denied, and the driver is free again', async () => {
    rig = await aFleetRig();
    await rig.driver.start();
    const free = rig.driverFree();
    rig.driver.charge('NO-SUCH-CP');
    assert.equal(await free, 'NO-SUCH-CP');
    assert.deepEqual([rig.counters.denied, rig.counters.authorized], [1, 0]);
  });

  it('a request still unanswered when the driver stops counts as unanswered', async () => {
    rig = await aFleetRig();
    await rig.driver.start();
    rig.driver.charge('FCP1');
    await rig.driver.stop();
    assert.equal(rig.counters.requestsUnanswered, 1);
  });
});
