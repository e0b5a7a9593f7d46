import assert from 'node:assert/strict';
import { aCharge, aCore, aCpSnapshot, aListCps, aSnapshot, connect, driverMessages, ofKind, reserve } from '../../../builders.ts';

describe('central/gateways/driver/handlers/charge (DESIGN §4.5)', () => {
  describe('charge denials, each with a clear reason', () => {
    it('unknown CP', () => {
      const { core } = aCore();
      const request = aCharge('D1', 'CP9');
      const [denied] = driverMessages(core.driverRequest(request), 'D1', 'denied');
      assert.deepEqual([denied!.re, denied!.reason], [request.id, 'unknown CP CP9']);
    });

    it('CP not AVAILABLE', () => {
      const { core } = aCore();
      core.restore(aSnapshot());
      const [denied] = driverMessages(core.driverRequest(aCharge('D1', 'CP1')), 'D1', 'denied');
      assert.equal(denied!.reason, 'CP1 is DISCONNECTED, not AVAILABLE');
    });

    it('the driver already has an active session', () => {
      const { core } = aCore();
      core.restore(aSnapshot({ cps: [aCpSnapshot(), aCpSnapshot({ id: 'CP2' })] }));
      connect(core, 'CP1');
      connect(core, 'CP2');
      const sessionId = reserve(core, 'D1', 'CP1');
      const effects = core.driverRequest(aCharge('D1', 'CP2'));
      assert.match(driverMessages(effects, 'D1', 'denied')[0]!.reason, new RegExp(`already have session ${sessionId} at CP1`));
      assert.equal(core.cpView('CP2')?.state, 'AVAILABLE');
    });

    it('a blocked driver', () => {
      const { core } = aCore();
      core.restore(aSnapshot({ drivers: [{ id: 'D1', blocked: true, firstSeenMs: 0 }] }));
      connect(core);
      assert.match(driverMessages(core.driverRequest(aCharge('D1', 'CP1')), 'D1', 'denied')[0]!.reason, /blocked/);
    });

    it('under the listed policy, a driver not on the list; a listed one charges', () => {
      const { core } = aCore({ driverPolicy: 'listed' });
      core.restore(aSnapshot({ drivers: [{ id: 'D1', blocked: false, firstSeenMs: 0 }] }));
      connect(core);
      assert.match(driverMessages(core.driverRequest(aCharge('D2', 'CP1')), 'D2', 'denied')[0]!.reason, /not registered/);
      assert.equal(driverMessages(core.driverRequest(aCharge('D1', 'CP1')), 'D1', 'accepted').length, 1);
    });
  });

  it('under the open policy records a first-seen driver once', () => {
    const { core } = aCore();
    connect(core);
    const first = core.driverRequest(aCharge('D1', 'CP1'));
    assert.deepEqual(ofKind(first, 'persist-driver').map((e) => e.driver.id), ['D1']);
    const second = core.driverRequest(aListCps('D1'));
    assert.equal(ofKind(second, 'persist-driver').length, 0);
  });
});
