import assert from 'node:assert/strict';
import { aCore, aCpSnapshot, aListCps, aSnapshot, connect, driverMessages } from '../../../builders.ts';

describe('central/gateways/driver/handlers/list-cps (DESIGN §4.5)', () => {
  it('list-cps answers every CP with state, location and price', () => {
    const { core } = aCore();
    core.restore(aSnapshot({ cps: [aCpSnapshot(), aCpSnapshot({ id: 'CP2', pricePerKwh: 0.5, maxPowerKw: 22, location: { label: 'Yard' } })] }));
    connect(core, 'CP1');
    const request = aListCps('D1');
    const [cps] = driverMessages(core.driverRequest(request), 'D1', 'cps');
    assert.equal(cps!.re, request.id);
    assert.deepEqual(cps!.list, [
      { id: 'CP1', state: 'AVAILABLE', location: 'Lab 1', pricePerKwh: 0.4 },
      { id: 'CP2', state: 'DISCONNECTED', location: 'Yard', pricePerKwh: 0.5, maxPowerKw: 22 },
    ]);
  });
});
