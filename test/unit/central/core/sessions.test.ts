import assert from 'node:assert/strict';
import {
  aCharge,
  aCore,
  aHealth,
  aHello,
  aSessionEnded,
  aSessionStarted,
  aStopRequest,
  aTelemetry,
  charging,
  connect,
  deviceMessages,
  driverMessages,
  ofKind,
  reserve,
  trace,
  T0,
} from '../builders.ts';

describe('central/core sessions (DESIGN §2, §4.4, §4.5)', () => {
  describe('charge → RESERVED', () => {
    it('persists the reservation, authorizes the Engine, accepts and authorizes the driver', () => {
      const { core } = aCore();
      connect(core);
      const request = aCharge('D1', 'CP1');
      const effects = core.driverRequest(request);
      assert.deepEqual(trace(effects).slice(0, 6), [
        'persist-driver',
        'persist-session',
        'send-device:authorize',
        'send-driver:accepted',
        'send-driver:authorized',
        'schedule-tick',
      ]);
      const [authorize] = deviceMessages(effects, 'CP1', 'authorize');
      const [accepted] = driverMessages(effects, 'D1', 'accepted');
      const [authorized] = driverMessages(effects, 'D1', 'authorized');
      assert.equal(accepted!.re, request.id);
      assert.equal(authorize!.sessionId, accepted!.sessionId);
      assert.equal(authorize!.driverId, 'D1');
      assert.equal(authorize!.expiresAt, T0 + 60_000);
      assert.deepEqual({ ...authorized, id: '', ts: 0 }, { type: 'authorized', id: '', ts: 0, sessionId: accepted!.sessionId, cpId: 'CP1', plugInBy: T0 + 60_000 });
      assert.equal(ofKind(effects, 'persist-session')[0]!.session.status, 'reserved');
      assert.deepEqual(ofKind(effects, 'schedule-tick').map((e) => e.atMs), [T0 + 60_000]);
      assert.equal(core.cpView('CP1')?.state, 'RESERVED');
      assert.deepEqual(driverMessages(effects, 'D1', 'cp-state').map((m) => m.state), ['RESERVED']);
    });

    it('stamps every outgoing message with the injected clock and ids', () => {
      const { core } = aCore({ newId: () => 'fixed' });
      connect(core);
      for (const effect of ofKind(core.driverRequest(aCharge('D1', 'CP1')), 'send-driver')) {
        assert.equal(effect.message.ts, T0);
        assert.equal(effect.message.id, 'fixed');
      }
    });

    it('expires an unplugged reservation after reservationMs: cancel, ticket `expired`', () => {
      const { core, clock } = aCore({ reservationMs: 30_000, heartbeatMs: 60_000 });
      connect(core);
      const sessionId = reserve(core);
      clock.advance(29_999);
      assert.deepEqual(trace(core.tick()), []);
      clock.advance(1);
      const effects = core.tick();
      assert.deepEqual(deviceMessages(effects, 'CP1', 'cancel').map((m) => m.sessionId), [sessionId]);
      const [ticket] = driverMessages(effects, 'D1', 'ticket');
      assert.equal(ticket!.reason, 'expired');
      assert.equal(ticket!.kWh, 0);
      assert.equal(ticket!.amount, 0);
      assert.equal(ticket!.endedAt, T0 + 30_000);
      assert.equal(ofKind(effects, 'persist-session-end')[0]!.ticket.sessionId, sessionId);
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });
  });

  describe('RESERVED → CHARGING → ended', () => {
    it('starts on the Engine session-started, after which the reservation no longer expires', () => {
      const { core, clock } = aCore();
      connect(core);
      const sessionId = reserve(core);
      const effects = core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1', T0 + 5_000));
      assert.equal(ofKind(effects, 'persist-session')[0]!.session.status, 'charging');
      assert.equal(ofKind(effects, 'persist-session')[0]!.session.startedAt, T0 + 5_000);
      assert.deepEqual(driverMessages(effects, 'D1', 'cp-state').map((m) => m.state), ['CHARGING']);
      clock.advance(120_000);
      core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
      core.tick();
      assert.equal(core.cpView('CP1')?.state, 'CHARGING');
    });

    it("closes on the Engine's session-ended: its kWh are billed, the ticket held and on disk before the ack and the ticket", () => {
      const { core } = aCore();
      const sessionId = charging(core);
      core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 3));
      const ended = aSessionEnded(sessionId, { kWh: 3.3333, durationS: 1621.5, reason: 'unplugged', ts: T0 + 1_700_000 });
      const effects = core.deviceEvent('CP1', ended);
      assert.deepEqual(trace(effects).slice(0, 4), ['hold-ticket', 'persist-session-end', 'send-device:ack', 'send-driver:ticket']);
      assert.equal(deviceMessages(effects, 'CP1', 'ack')[0]!.re, ended.id);
      const [ticket] = driverMessages(effects, 'D1', 'ticket');
      const held = effects.find((effect) => effect.kind === 'hold-ticket');
      assert.deepEqual(held, { kind: 'hold-ticket', driverId: 'D1', ticket }, 'the very message sent is the one held');
      assert.deepEqual({ ...ticket, id: '', ts: 0 }, {
        type: 'ticket', id: '', ts: 0, sessionId, cpId: 'CP1', driverId: 'D1', startedAt: T0, endedAt: T0 + 1_700_000,
        durationS: 1621.5, kWh: 3.3333, pricePerKwh: 0.4, amount: 3.3333 * 0.4, currency: 'EUR', reason: 'unplugged', location: 'Lab 1',
      });
      const { type: _t, id: _i, ts: _s, ...fields } = ticket!;
      assert.deepEqual(ofKind(effects, 'persist-session-end')[0]!.ticket, fields, 'the ledger gets the ticket');
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
      assert.equal(core.cpView('CP1')?.driverId, undefined);
    });

    it('bills at the price captured when the session was authorized', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      core.addCp({ id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 9 });
      const [ticket] = driverMessages(core.deviceEvent('CP1', aSessionEnded(sessionId, { kWh: 2 })), 'D1', 'ticket');
      assert.equal(ticket!.pricePerKwh, 0.4);
      assert.equal(ticket!.amount, 0.8);
    });

    it('uses the configured currency', () => {
      const { core } = aCore({ currency: 'GBP' });
      const sessionId = charging(core);
      const [ticket] = driverMessages(core.deviceEvent('CP1', aSessionEnded(sessionId)), 'D1', 'ticket');
      assert.equal(ticket!.currency, 'GBP');
    });
  });

  describe('driver stop', () => {
    it('asks the Engine to end a running supply and bills its report', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      const stop = aStopRequest('D1', sessionId);
      const effects = core.driverRequest(stop);
      assert.deepEqual(driverMessages(effects, 'D1', 'accepted').map((m) => m.re), [stop.id]);
      assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => m.reason), ['driver-stop']);
      assert.equal(driverMessages(effects, 'D1', 'ticket').length, 0, 'waits for the meter');
      const [ticket] = driverMessages(core.deviceEvent('CP1', aSessionEnded(sessionId, { reason: 'driver-stop', kWh: 1.25 })), 'D1', 'ticket');
      assert.equal(ticket!.reason, 'driver-stop');
      assert.equal(ticket!.kWh, 1.25);
    });

    it('closes with the last telemetry when the Engine does not report within endReportTimeoutMs', () => {
      const { core, clock } = aCore({ endReportTimeoutMs: 5_000, heartbeatMs: 60_000 });
      const sessionId = charging(core);
      core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 0.75));
      const effects = core.driverRequest(aStopRequest('D1', sessionId));
      assert.deepEqual(ofKind(effects, 'schedule-tick').map((e) => e.atMs), [T0 + 5_000]);
      clock.advance(4_999);
      assert.equal(driverMessages(core.tick(), 'D1', 'ticket').length, 0);
      clock.advance(1);
      const [ticket] = driverMessages(core.tick(), 'D1', 'ticket');
      assert.equal(ticket!.reason, 'driver-stop');
      assert.equal(ticket!.kWh, 0.75);
    });

    it('cancels a reservation at once', () => {
      const { core } = aCore();
      connect(core);
      const sessionId = reserve(core);
      const effects = core.driverRequest(aStopRequest('D1', sessionId));
      assert.deepEqual(deviceMessages(effects, 'CP1', 'cancel').map((m) => m.sessionId), [sessionId]);
      assert.equal(driverMessages(effects, 'D1', 'ticket')[0]!.reason, 'driver-stop');
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });
  });

  describe('a fault during a session ends it at once (DESIGN §1)', () => {
    it('KO while charging: the driver sees FAULTED now, the ticket carries the Engine metered kWh', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1));
      const effects = core.monitorHealth('link-CP1', aHealth('CP1', 'ko'));
      assert.deepEqual(driverMessages(effects, 'D1', 'cp-state').map((m) => m.state), ['FAULTED']);
      const ended = core.deviceEvent('CP1', aSessionEnded(sessionId, { reason: 'fault', kWh: 1.01 }));
      const [ticket] = driverMessages(ended, 'D1', 'ticket');
      assert.equal(ticket!.reason, 'fault');
      assert.equal(ticket!.kWh, 1.01);
      assert.equal(core.cpView('CP1')?.state, 'FAULTED');
    });

    it('KO while charging with no report: closed with reason fault at the report deadline', () => {
      const { core, clock } = aCore();
      const sessionId = charging(core);
      core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1));
      core.monitorHealth('link-CP1', aHealth('CP1', 'ko'));
      clock.advance(3_000);
      core.monitorHealth('link-CP1', aHealth('CP1', 'ko'));
      const [ticket] = driverMessages(core.tick(), 'D1', 'ticket');
      assert.deepEqual([ticket!.reason, ticket!.kWh], ['fault', 1]);
    });

    it('Engine unreachable while charging: cp-state then ticket in the same turn, end-session sent', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 2));
      const effects = core.monitorHealth('link-CP1', aHealth('CP1', 'unreachable'));
      const order = trace(effects);
      assert.ok(order.indexOf('send-driver:cp-state') < order.indexOf('send-driver:ticket'), order.join(', '));
      assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => m.reason), ['fault']);
      const [ticket] = driverMessages(effects, 'D1', 'ticket');
      assert.deepEqual([ticket!.reason, ticket!.kWh], ['fault', 2]);
    });

    it('a fault while reserved cancels the reservation at once', () => {
      const { core } = aCore();
      connect(core);
      const sessionId = reserve(core);
      const effects = core.deviceEvent('CP1', { type: 'state', id: 'e1', ts: T0, state: 'FAULTED' });
      assert.deepEqual(deviceMessages(effects, 'CP1', 'cancel').map((m) => m.sessionId), [sessionId]);
      assert.equal(driverMessages(effects, 'D1', 'ticket')[0]!.reason, 'fault');
    });

    it("a late Engine report of a session Central already closed is acknowledged, not billed twice", () => {
      const { core } = aCore();
      const sessionId = charging(core);
      core.monitorHealth('link-CP1', aHealth('CP1', 'unreachable'));
      const late = aSessionEnded(sessionId, { reason: 'fault', kWh: 2.5 });
      const effects = core.deviceEvent('CP1', late);
      assert.deepEqual(deviceMessages(effects, 'CP1', 'ack').map((m) => m.re), [late.id]);
      assert.equal(driverMessages(effects, 'D1', 'ticket').length, 0);
      assert.equal(ofKind(effects, 'persist-session-end').length, 0);
      assert.ok(ofKind(effects, 'log').some((e) => e.level === 'warn' && /2\.5 kWh/.test(e.message)));
    });
  });

  describe('link loss during a session', () => {
    it('keeps the session (the Engine still meters), tells the driver, and resumes on reconnect', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      const closed = core.monitorLinkClosed('link-CP1');
      assert.deepEqual(driverMessages(closed, 'D1', 'cp-state').map((m) => m.state), ['DISCONNECTED']);
      assert.equal(driverMessages(core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1)), 'D1', 'progress').length, 1);
      core.monitorHello('link-2', aHello(), 'match');
      core.monitorHealth('link-2', aHealth('CP1', 'ok'));
      assert.equal(core.cpView('CP1')?.state, 'CHARGING');
      assert.equal(driverMessages(core.deviceEvent('CP1', aSessionEnded(sessionId)), 'D1', 'ticket').length, 1);
    });
  });
});
