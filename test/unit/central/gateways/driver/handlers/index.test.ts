import assert from 'node:assert/strict';
import { checkDriverChannel } from '../../../../../../central/gateways/driver/handlers/admit.ts';
import {
  aCharge,
  aCore,
  aCpSnapshot,
  aListCps,
  aSessionEnded,
  aSnapshot,
  aStatus,
  aStopRequest,
  charging,
  connect,
  driverMessages,
  ofKind,
  reserve,
  trace,
} from '../../../builders.ts';

describe('central/core driver requests (DESIGN §4.5)', () => {
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

  it('status answers cp-state, or denied for an unknown CP', () => {
    const { core } = aCore();
    charging(core);
    const request = aStatus('D2', 'CP1');
    const [state] = driverMessages(core.driverRequest(request), 'D2', 'cp-state');
    assert.deepEqual([state!.re, state!.cpId, state!.state], [request.id, 'CP1', 'CHARGING']);
    assert.equal(driverMessages(core.driverRequest(aStatus('D2', 'CP9')), 'D2', 'denied')[0]!.reason, 'unknown CP CP9');
  });

  describe('stop denials', () => {
    it("another driver's session", () => {
      const { core } = aCore();
      const sessionId = charging(core);
      const effects = core.driverRequest(aStopRequest('D2', sessionId));
      assert.match(driverMessages(effects, 'D2', 'denied')[0]!.reason, /no active session/);
      assert.equal(core.cpView('CP1')?.state, 'CHARGING');
    });

    it('a session that already ended', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      core.deviceEvent('CP1', aSessionEnded(sessionId));
      assert.match(driverMessages(core.driverRequest(aStopRequest('D1', sessionId)), 'D1', 'denied')[0]!.reason, /already ended \(unplugged\)/);
    });
  });
});
