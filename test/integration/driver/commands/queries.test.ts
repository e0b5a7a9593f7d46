import { strict as assert } from 'node:assert';
import { runDriverCommand } from '../../../../driver/index.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { testIo } from '../test-io.ts';
import { driverOptions, useMqttRig } from '../fixtures.ts';

describe('evc driver list and status over MQTT', () => {
  const rig = useMqttRig();

  it('lists the CPs', async () => {
    const io = testIo();
    assert.equal(await runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'list' }), io), 0);
    assert.deepEqual(io.stdout.lines, [
      'CP   STATE      PRICE      POWER  LOCATION',
      'CP1  AVAILABLE  €0.40/kWh         Lab 1',
      'CP2  AVAILABLE  €0.30/kWh  22 kW  Lab 2',
      'CP3  CHARGING   €0.35/kWh         Car park',
      'CPX  AVAILABLE  €0.35/kWh         Nowhere',
      '3 of 4 available',
    ]);
  });

  it('shows one CP\'s state, and refuses an unknown CP with exit 1', async () => {
    const io = testIo();
    assert.equal(await runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'status', cpId: 'CP3' }), io), 0);
    assert.equal(io.stdout.text, 'CP3 is CHARGING\n');
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'status', cpId: 'CP9' }), testIo()),
      (error: unknown) => error instanceof EvcError && error.exitCode === 1 && error.message === 'Central refused the status request: unknown CP CP9',
    );
  });
});
