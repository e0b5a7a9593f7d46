import assert from 'node:assert/strict';
import { aCore, aSessionEnded, aStopRequest, charging, connect, deviceMessages, driverMessages, reserve } from '../../../builders.ts';

describe('central/gateways/driver/handlers/stop (DESIGN §4.5)', () => {
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

  it('a supply: accepted at once, the Engine asked to end it, the session ending until its report', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    const request = aStopRequest('D1', sessionId);
    const effects = core.driverRequest(request);
    assert.deepEqual(driverMessages(effects, 'D1', 'accepted').map((m) => [m.re, m.sessionId]), [[request.id, sessionId]]);
    assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => [m.sessionId, m.reason]), [[sessionId, 'driver-stop']]);
    assert.equal(driverMessages(effects, 'D1', 'ticket').length, 0, 'the ticket waits for the meter');
    assert.equal(core.core.state.session(sessionId)?.status, 'ending');
  });

  it('a reservation: accepted, cancelled on the Engine and ticketed at once', () => {
    const { core } = aCore();
    connect(core);
    const sessionId = reserve(core);
    const effects = core.driverRequest(aStopRequest('D1', sessionId));
    assert.equal(driverMessages(effects, 'D1', 'accepted').length, 1);
    assert.deepEqual(deviceMessages(effects, 'CP1', 'cancel').map((m) => m.sessionId), [sessionId]);
    assert.equal(driverMessages(effects, 'D1', 'ticket')[0]?.reason, 'driver-stop');
  });
});
