import assert from 'node:assert/strict';
import { aCore, aSessionEnded, aTelemetry, charging, connect, reserve, T0 } from '../builders.ts';

describe('central/core CentralCore facade', () => {
  describe('read model', () => {
    it('cpViews: sorted by id, live figures only while charging', () => {
      const { core } = aCore();
      connect(core, 'CP2');
      connect(core, 'CP1');
      reserve(core, 'D2', 'CP2');
      const sessionId = charging(core, 'D1', 'CP1');
      core.deviceTelemetry('CP1', aTelemetry(sessionId, 7.4, 2));
      assert.deepEqual(core.cpViews(), [
        { id: 'CP1', state: 'CHARGING', location: 'Lab 1', pricePerKwh: 0.4, lastSeenMs: T0, sessionId, driverId: 'D1', kW: 7.4, kWh: 2, amount: 0.8 },
        { id: 'CP2', state: 'RESERVED', location: 'Lab 1', pricePerKwh: 0.4, lastSeenMs: T0, sessionId: core.cpView('CP2')!.sessionId!, driverId: 'D2' },
      ]);
    });

    it('sessionViews: latest first, active and finished, limited on request', () => {
      const { core, clock } = aCore({ heartbeatMs: 600_000 });
      connect(core);
      const first = charging(core, 'D1');
      core.deviceEvent('CP1', aSessionEnded(first, { kWh: 1, ts: T0 + 1000 }));
      clock.advance(60_000);
      const second = reserve(core, 'D2');
      const views = core.sessionViews();
      assert.deepEqual(views.map((v) => [v.id, v.state]), [[second, 'reserved'], [first, 'ended']]);
      assert.equal(views[0]!.plugInBy, T0 + 120_000);
      assert.deepEqual([views[1]!.kWh, views[1]!.amount, views[1]!.reason, views[1]!.endedAt], [1, 0.4, 'unplugged', T0 + 1000]);
      assert.equal(core.sessionViews(1).length, 1);
    });

    it('forgets the oldest finished sessions beyond recentSessions', () => {
      const { core } = aCore({ recentSessions: 2 });
      connect(core);
      for (let i = 0; i < 4; i++) core.deviceEvent('CP1', aSessionEnded(charging(core, `D${i}`)));
      assert.equal(core.sessionViews().length, 2);
    });
  });

  describe('driverViews (issue 14)', () => {
    it('lists each driver once, with the CP it charges at while a session is active', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      assert.deepEqual(core.core.driverViews().map((d) => [d.id, d.sessionId, d.cpId]), [['D1', sessionId, 'CP1']]);
      core.removeCp('CP1');
      assert.deepEqual(core.core.driverViews().map((d) => [d.id, d.sessionId ?? null]), [['D1', null]]);
    });
  });
});
