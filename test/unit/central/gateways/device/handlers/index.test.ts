import assert from 'node:assert/strict';
import {
  aCore,
  aHealth,
  aHello,
  aSessionEnded,
  aSessionSnapshot,
  aSessionStarted,
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

describe('central/core device events (DESIGN §4.4)', () => {
  describe('dedup and acknowledgement', () => {
    it('acks a redelivered session-ended again but bills it once', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      const ended = aSessionEnded(sessionId);
      const first = core.deviceEvent('CP1', ended);
      const again = core.deviceEvent('CP1', ended);
      assert.equal(driverMessages(first, 'D1', 'ticket').length, 1);
      assert.deepEqual(trace(again), ['send-device:ack']);
      assert.equal(deviceMessages(again, 'CP1', 'ack')[0]!.re, ended.id);
    });

    it('acks a session-ended for a session or CP it does not know, so the outbox clears', () => {
      const { core } = aCore();
      connect(core);
      const unknownSession = core.deviceEvent('CP1', aSessionEnded('S-lost'));
      assert.equal(deviceMessages(unknownSession, 'CP1', 'ack').length, 1);
      assert.equal(ofKind(unknownSession, 'persist-session-end').length, 0);
      const unknownCp = core.deviceEvent('CP9', aSessionEnded('S-x'));
      assert.equal(deviceMessages(unknownCp, 'CP9', 'ack').length, 1);
    });

    it('ignores a redelivered state event', () => {
      const { core } = aCore();
      connect(core);
      core.stopCp('CP1');
      const event = aStateEvent('AVAILABLE');
      assert.equal(deviceMessages(core.deviceEvent('CP1', event), 'CP1', 'stop').length, 1);
      assert.deepEqual(trace(core.deviceEvent('CP1', event)), []);
    });

    it('ignores a session-ended from a CP the session does not belong to (acks it)', () => {
      const { core } = aCore();
      connect(core, 'CP2');
      const sessionId = charging(core);
      const effects = core.deviceEvent('CP2', aSessionEnded(sessionId));
      assert.equal(driverMessages(effects, 'D1', 'ticket').length, 0);
      assert.equal(core.cpView('CP1')?.state, 'CHARGING');
    });
  });

  describe('online', () => {
    it('keeps an Engine online flag that arrives before its CP\'s first hello (retained beats hello)', () => {
      const { core } = aCore();
      core.deviceOnline('CP1', true);
      core.monitorHello('link-CP1', aHello({ cpId: 'CP1' }), 'match');
      core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });

    it('forgets it when the Engine goes offline before the hello', () => {
      const { core } = aCore();
      core.deviceOnline('CP1', true);
      core.deviceOnline('CP1', false);
      core.monitorHello('link-CP1', aHello({ cpId: 'CP1' }), 'match');
      core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
      assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
      assert.equal(core.cpView('CP1')?.detail, 'Engine not on the device bus');
    });
  });

  describe('session-started for a session that is not active', () => {
    it('ends a supply Central never authorized (reason fault)', () => {
      const { core } = aCore();
      connect(core);
      const effects = core.deviceEvent('CP1', aSessionStarted('S-rogue', 'D9'));
      assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => [m.sessionId, m.reason]), [['S-rogue', 'fault']]);
    });

    it('ends a supply that started after its reservation expired (reason expired)', () => {
      const { core, clock } = aCore({ heartbeatMs: 120_000 });
      connect(core);
      const sessionId = reserve(core);
      clock.advance(60_000);
      core.tick();
      const effects = core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1'));
      assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => m.reason), ['expired']);
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });

    it('ignores a repeated session-started for a running session, only acknowledging it again', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      assert.deepEqual(trace(core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1'))), ['send-device:ack']);
    });
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
