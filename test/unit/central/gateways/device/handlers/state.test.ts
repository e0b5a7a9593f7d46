import assert from 'node:assert/strict';
import {
  aCore,
  aSessionEnded,
  aSessionSnapshot,
  aSnapshot,
  aStateEvent,
  aTelemetry,
  charging,
  connect,
  deviceMessages,
  driverMessages,
  ofKind,
  reserve,
  trace,
  T0,
} from '../../../builders.ts';

describe('central/gateways/device/handlers/state (DESIGN §4.4)', () => {
  it('ignores a redelivered state event', () => {
    const { core } = aCore();
    connect(core);
    core.stopCp('CP1');
    const event = aStateEvent('AVAILABLE');
    assert.equal(deviceMessages(core.deviceEvent('CP1', event), 'CP1', 'stop').length, 1);
    assert.deepEqual(trace(core.deviceEvent('CP1', event)), []);
  });

  describe("reconciling the Engine's state with Central's", () => {
    it('re-sends stop to an Engine that reports AVAILABLE while the operator stop stands', () => {
      const { core } = aCore();
      connect(core);
      core.stopCp('CP1');
      assert.equal(deviceMessages(core.deviceEvent('CP1', aStateEvent('STOPPED')), 'CP1', 'stop').length, 0);
      assert.equal(deviceMessages(core.deviceEvent('CP1', aStateEvent('AVAILABLE')), 'CP1', 'stop').length, 1);
    });

    it('sends resume to an Engine that reports STOPPED when Central has not stopped it', () => {
      const { core } = aCore();
      connect(core);
      assert.equal(deviceMessages(core.deviceEvent('CP1', aStateEvent('STOPPED')), 'CP1', 'resume').length, 1);
    });

    it('withdraws a reservation or supply the Engine holds that Central does not', () => {
      const { core } = aCore();
      connect(core);
      assert.deepEqual(deviceMessages(core.deviceEvent('CP1', aStateEvent('RESERVED', 'S-old')), 'CP1', 'cancel').map((m) => m.sessionId), ['S-old']);
      assert.deepEqual(deviceMessages(core.deviceEvent('CP1', aStateEvent('CHARGING', 'S-old2')), 'CP1', 'end-session').map((m) => m.sessionId), ['S-old2']);
    });

    it('leaves a reservation alone when a stale AVAILABLE crosses the authorize', () => {
      const { core } = aCore();
      connect(core);
      reserve(core);
      const effects = core.deviceEvent('CP1', aStateEvent('AVAILABLE'));
      assert.equal(deviceMessages(effects, 'CP1').length, 0);
      assert.equal(core.cpView('CP1')?.state, 'RESERVED');
    });

    it('Engine FAULTED during a supply: driver told at once, ticket on its report', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      const effects = core.deviceEvent('CP1', aStateEvent('FAULTED'));
      assert.deepEqual(driverMessages(effects, 'D1', 'cp-state').map((m) => m.state), ['FAULTED']);
      const [ticket] = driverMessages(core.deviceEvent('CP1', aSessionEnded(sessionId, { reason: 'fault', kWh: 0.4 })), 'D1', 'ticket');
      assert.deepEqual([ticket!.reason, ticket!.kWh], ['fault', 0.4]);
      core.deviceEvent('CP1', aStateEvent('AVAILABLE'));
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });
  });

  describe('after a Central restart (restore, then the Engine reconnects)', () => {
    function restarted() {
      const t = aCore({ heartbeatMs: 120_000 });
      t.core.restore(aSnapshot({ sessions: [aSessionSnapshot({ id: 'S1', kWh: 2 })] }));
      connect(t.core);
      return t;
    }

    it('carries on a session the Engine still runs', () => {
      const { core, clock } = restarted();
      assert.equal(core.cpView('CP1')?.state, 'CHARGING');
      assert.deepEqual(trace(core.deviceEvent('CP1', aStateEvent('CHARGING', 'S1'))).filter((t) => t.startsWith('send')), []);
      clock.advance(60_000);
      core.tick();
      assert.equal(driverMessages(core.deviceTelemetry('CP1', aTelemetry('S1', 7, 2.5)), 'D1', 'progress')[0]!.amount, 2.5 * 0.4);
      assert.equal(core.cpView('CP1')?.state, 'CHARGING');
    });

    it("bills a session the Engine finished while Central was down from its outbox's session-ended", () => {
      const { core } = restarted();
      core.deviceEvent('CP1', aStateEvent('AVAILABLE'));
      assert.equal(core.cpView('CP1')?.state, 'CHARGING', 'waits for the report');
      const [ticket] = driverMessages(core.deviceEvent('CP1', aSessionEnded('S1', { kWh: 4.2, reason: 'unplugged' })), 'D1', 'ticket');
      assert.deepEqual([ticket!.kWh, ticket!.reason], [4.2, 'unplugged']);
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });

    it('closes it with the last known figures (reason fault) when no report comes within orphanTimeoutMs', () => {
      const { core, clock } = restarted();
      const effects = core.deviceEvent('CP1', aStateEvent('AVAILABLE'));
      assert.deepEqual(ofKind(effects, 'schedule-tick').map((e) => e.atMs), [T0 + 30_000]);
      clock.advance(29_999);
      assert.equal(driverMessages(core.tick(), 'D1', 'ticket').length, 0);
      clock.advance(1);
      const [ticket] = driverMessages(core.tick(), 'D1', 'ticket');
      assert.deepEqual([ticket!.kWh, ticket!.reason], [2, 'fault']);
    });
  });
});
