import assert from 'node:assert/strict';
import { checkDriverChannel } from '../../../../../../central/gateways/driver/handlers/admit.ts';
import { aCharge, aCore, aListCps, connect, driverMessages, ofKind, trace } from '../../../builders.ts';

describe('central/gateways/driver/handlers/admit (DESIGN §4.5)', () => {
  describe('channel check', () => {
    it('denies a request whose driverId differs from its channel, answering on the channel', () => {
      const { core } = aCore();
      connect(core);
      const request = aCharge('D1', 'CP1');
      const effects = core.driverRequest(request, 'D2');
      assert.deepEqual(trace(effects), ['send-driver:denied']);
      assert.equal(ofKind(effects, 'send-driver')[0]!.driverId, 'D2');
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });

    it('checkDriverChannel says why, or nothing when they agree or no channel id is known', () => {
      assert.match(checkDriverChannel({ driverId: 'D1' }, 'D2')!, /D1.*D2/);
      assert.equal(checkDriverChannel({ driverId: 'D1' }, 'D1'), undefined);
      assert.equal(checkDriverChannel({ driverId: 'D1' }, undefined), undefined);
    });
  });

  describe('dedup by request id', () => {
    it('handles a redelivered request once', () => {
      const { core } = aCore();
      connect(core);
      const request = aCharge('D1', 'CP1');
      assert.equal(driverMessages(core.driverRequest(request), 'D1', 'accepted').length, 1);
      const again = core.driverRequest(request);
      assert.deepEqual(trace(again), []);
    });

    it('keeps ids per driver, so one driver cannot shadow another', () => {
      const { core } = aCore();
      const a = core.driverRequest(aListCps('D1'));
      const b = core.driverRequest({ ...aListCps('D2'), id: driverMessages(a, 'D1', 'cps')[0]!.re! });
      assert.equal(driverMessages(b, 'D2', 'cps').length, 1);
    });
  });
});
