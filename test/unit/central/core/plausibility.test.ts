import assert from 'node:assert/strict';
import { ENERGY_BOUND } from '../../../../central/core/index.ts';
import { aCore, aHealth, aStateEvent, aHello, aSessionEnded, aSessionStarted, aTelemetry, driverMessages, ofKind, reserve, T0, type TestCore } from '../builders.ts';

/** A CP registered at 10 kW max, charging from T0 on the test clock, with the real 2 s slack. */
function chargingAt10Kw(): { t: TestCore; sessionId: string } {
  const t = aCore({ energySlackS: ENERGY_BOUND.slackS });
  t.core.monitorHello('link-CP1', aHello({ cpId: 'CP1', maxPowerKw: 10 }), 'match');
  t.core.deviceOnline('CP1', true);
  t.core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
  const sessionId = reserve(t.core, 'D1', 'CP1');
  t.core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1', T0));
  return { t, sessionId };
}

// 10 kW for 1 h + 2 s of slack, +5 % and 0.01 kWh: the most a CP can claim after an hour.
const BOUND_AFTER_1H = (10 * 3602) / 3600 * 1.05 + 0.01;

describe('central/core plausibility (issue 9: Central never trusts a CP with money)', () => {
  it('a reading within max power × time seen charging is taken and shown to the driver', () => {
    const { t, sessionId } = chargingAt10Kw();
    t.clock.advance(3_600_000);
    const effects = t.core.deviceTelemetry('CP1', aTelemetry(sessionId, 9.9, 9.9));
    assert.equal(driverMessages(effects, 'D1', 'progress')[0]?.kWh, 9.9);
    assert.equal(ofKind(effects, 'rejected').length, 0);
  });

  it('refuses a reading beyond the bound, counts it, flags the CP, and takes the next true reading', () => {
    const { t, sessionId } = chargingAt10Kw();
    t.clock.advance(1500);
    const refused = t.core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1_000_000));
    assert.deepEqual(ofKind(refused, 'rejected').map((e) => `${e.source}:${e.reason}`), ['device:energy-out-of-bounds']);
    assert.equal(driverMessages(refused, 'D1', 'progress').length, 0);
    assert.match(t.core.cpView('CP1')!.flagged!, /implausible/);
    t.clock.advance(1000);
    const next = t.core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 0.004));
    assert.equal(driverMessages(next, 'D1', 'progress')[0]?.kWh, 0.004);
  });

  it('energy never goes down: an older, lower reading is ignored', () => {
    const { t, sessionId } = chargingAt10Kw();
    t.clock.advance(60_000);
    t.core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 0.1));
    const lower = t.core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 0.05));
    assert.equal(driverMessages(lower, 'D1', 'progress').length, 0);
    assert.equal(t.core.cpView('CP1')!.kWh, 0.1);
  });

  it('a session-ended claiming 1,000,000 kWh after 1.5 s is billed at the last plausible reading, and the ticket says so', () => {
    const { t, sessionId } = chargingAt10Kw();
    t.clock.advance(1000);
    t.core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 0.002));
    t.clock.advance(500);
    const effects = t.core.deviceEvent('CP1', aSessionEnded(sessionId, { kWh: 1_000_000, durationS: 1.5, ts: t.clock.nowMs }));
    const ticket = driverMessages(effects, 'D1', 'ticket')[0]!;
    assert.equal(ticket.kWh, 0.002);
    assert.equal(ticket.billedKwhSource, 'last-plausible-reading');
    assert.equal(ticket.claimedKwh, 1_000_000);
    assert.ok(Number.isFinite(ticket.amount) && ticket.amount < 0.01);
    assert.equal(ofKind(effects, 'rejected')[0]?.reason, 'energy-out-of-bounds');
    // The ack still goes back: the Engine's outbox must clear, nothing is lost.
    assert.ok(ofKind(effects, 'send-device').some((e) => e.message.type === 'ack'));
  });

  it('a session-ended within the bound is billed as metered, to the cent', () => {
    const { t, sessionId } = chargingAt10Kw();
    t.clock.advance(3_600_000);
    const effects = t.core.deviceEvent('CP1', aSessionEnded(sessionId, { kWh: Number((BOUND_AFTER_1H - 0.001).toFixed(3)), durationS: 3600, ts: t.clock.nowMs }));
    const ticket = driverMessages(effects, 'D1', 'ticket')[0]!;
    assert.equal(ticket.kWh, Number((BOUND_AFTER_1H - 0.001).toFixed(3)));
    assert.equal(ticket.billedKwhSource, undefined);
    assert.equal(ticket.amount, ticket.kWh * ticket.pricePerKwh);
  });

  it('never shows AVAILABLE while the Engine still says it is charging (relay may be closed)', () => {
    const { t, sessionId } = chargingAt10Kw();
    t.core.deviceEvent('CP1', aStateEvent('CHARGING', sessionId));
    t.clock.advance(1500);
    t.core.deviceEvent('CP1', aSessionEnded(sessionId, { kWh: 1_000_000, ts: t.clock.nowMs }));
    assert.equal(t.core.cpView('CP1')!.state, 'CHARGING');
  });
});
