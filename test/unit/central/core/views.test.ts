import assert from 'node:assert/strict';
import type { CpRecord, SessionRecord } from '../../../../central/core/model.ts';
import { cpSummary, cpView, sessionView } from '../../../../central/core/views.ts';
import { T0 } from '../builders.ts';

function aCpRecord(overrides: Partial<CpRecord> = {}): CpRecord {
  return { config: { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4 }, operatorStopped: false, state: 'AVAILABLE', linkId: 'link-1', health: 'ok', engineOnBus: true, ...overrides };
}

function aSessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'S1', cpId: 'CP1', driverId: 'D1', requestId: 'r1', status: 'charging', authorizedAt: T0, expiresAt: T0 + 60_000,
    startedAt: T0 + 5_000, pricePerKwh: 0.4, currency: 'EUR', kW: 7.4, kWh: 2.5, ...overrides,
  };
}

describe('central/core views (DESIGN §6)', () => {
  describe('cpView', () => {
    it('a live idle CP: id, state, location, price; no detail, no live figures', () => {
      assert.deepEqual(cpView(aCpRecord({ lastSeenMs: T0 }), undefined), { id: 'CP1', state: 'AVAILABLE', location: 'Lab 1', pricePerKwh: 0.4, lastSeenMs: T0 });
    });

    it('adds maxPowerKw when configured and says why a CP is not live', () => {
      const cp = aCpRecord({ config: { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4, maxPowerKw: 22 }, state: 'DISCONNECTED', engineOnBus: false });
      const view = cpView(cp, undefined);
      assert.equal(view.maxPowerKw, 22);
      assert.equal(view.detail, 'Engine not on the device bus');
      assert.equal(cpView(aCpRecord({ linkId: undefined, linkEndedBy: 'Monitor said goodbye' }), undefined).detail, 'Monitor said goodbye');
    });

    it('shows a flagged CP with its reason and count', () => {
      assert.equal(cpView(aCpRecord({ flag: { reason: 'energy beyond its bound', atMs: T0, count: 3 } }), undefined).flagged, 'energy beyond its bound (3×)');
    });

    it('names the session and driver of a reservation, but shows live figures only once it charges', () => {
      const reserved = cpView(aCpRecord({ state: 'RESERVED' }), aSessionRecord({ status: 'reserved' }));
      assert.deepEqual([reserved.sessionId, reserved.driverId, reserved.kW, reserved.kWh, reserved.amount], ['S1', 'D1', undefined, undefined, undefined]);
      const charging = cpView(aCpRecord({ state: 'CHARGING' }), aSessionRecord());
      assert.deepEqual([charging.kW, charging.kWh, charging.amount], [7.4, 2.5, 1]);
    });
  });

  describe('sessionView', () => {
    it('a reservation: plug-in deadline, started = authorized, no power', () => {
      const view = sessionView(aSessionRecord({ status: 'reserved', startedAt: undefined, kWh: 0 }));
      assert.deepEqual(view, { id: 'S1', cpId: 'CP1', driverId: 'D1', state: 'reserved', startedAt: T0, kWh: 0, amount: 0, pricePerKwh: 0.4, currency: 'EUR', plugInBy: T0 + 60_000 });
    });

    it('a supply (charging or ending) shows its power and the running amount', () => {
      for (const status of ['charging', 'ending'] as const) {
        const view = sessionView(aSessionRecord({ status }));
        assert.deepEqual([view.state, view.startedAt, view.kW, view.amount, view.plugInBy], [status, T0 + 5_000, 7.4, 1, undefined]);
      }
    });

    it('a finished session shows the billed amount, its end and reason, and no power', () => {
      const view = sessionView(aSessionRecord({ status: 'ended', endedAt: T0 + 65_000, reason: 'unplugged', amount: 0.99 }));
      assert.deepEqual([view.amount, view.endedAt, view.reason, view.kW], [0.99, T0 + 65_000, 'unplugged', undefined]);
    });
  });

  it('cpSummary: what a driver sees of a CP, maxPowerKw only when set', () => {
    assert.deepEqual(cpSummary(aCpRecord({ state: 'CHARGING' })), { id: 'CP1', state: 'CHARGING', location: 'Lab 1', pricePerKwh: 0.4 });
    const withPower = aCpRecord({ config: { id: 'CP2', location: { label: 'Hall' }, pricePerKwh: 0.3, maxPowerKw: 11 } });
    assert.deepEqual(cpSummary(withPower), { id: 'CP2', state: 'AVAILABLE', location: 'Hall', pricePerKwh: 0.3, maxPowerKw: 11 });
  });
});
