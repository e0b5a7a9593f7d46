import assert from 'node:assert/strict';
import { mustAwait, type Effect, type TicketFields } from '../../../../central/core/index.ts';
import {
  aCore,
  aCpSnapshot,
  aSessionEnded,
  aSessionSnapshot,
  aSnapshot,
  aTelemetry,
  charging,
  connect,
  driverMessages,
  ofKind,
  reserve,
  T0,
} from '../builders.ts';

function aTicket(overrides: Partial<TicketFields> = {}): TicketFields {
  return {
    sessionId: 'S-old', cpId: 'CP1', driverId: 'D7', startedAt: T0 - 900_000, endedAt: T0 - 600_000, durationS: 300,
    kWh: 1.5, pricePerKwh: 0.4, amount: 0.6, currency: 'EUR', reason: 'unplugged', ...overrides,
  };
}

describe('central/core CentralCore facade', () => {
  describe('restore', () => {
    it('starts every CP DISCONNECTED and restores sessions, drivers and stop flags', () => {
      const { core } = aCore();
      core.restore(aSnapshot({
        cps: [aCpSnapshot({ lastState: 'CHARGING' }), aCpSnapshot({ id: 'CP2', operatorStopped: true })],
        drivers: [{ id: 'D1', blocked: false, firstSeenMs: T0 }],
        sessions: [aSessionSnapshot()],
      }));
      assert.deepEqual(core.cpViews().map((v) => [v.id, v.state, v.driverId]), [['CP1', 'DISCONNECTED', 'D1'], ['CP2', 'DISCONNECTED', undefined]]);
      connect(core, 'CP2');
      assert.equal(core.cpView('CP2')?.state, 'STOPPED');
    });

    it('schedules the expiry of a restored reservation; one already due expires on the first tick', () => {
      const { core } = aCore();
      const effects = core.restore(aSnapshot({ sessions: [aSessionSnapshot({ status: 'reserved', expiresAt: T0 - 1 })] }));
      assert.deepEqual(ofKind(effects, 'schedule-tick').map((e) => e.atMs), [T0 - 1]);
      const [ticket] = driverMessages(core.tick(), 'D1', 'ticket');
      assert.equal(ticket!.reason, 'expired');
    });

    it('round-trips: a snapshot restored into a new core gives the same CPs and sessions', () => {
      const first = aCore();
      connect(first.core);
      connect(first.core, 'CP2');
      const sessionId = charging(first.core, 'D1', 'CP1');
      first.core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1.2));
      reserve(first.core, 'D2', 'CP2');
      const snapshot = first.core.snapshot();
      const second = aCore();
      second.core.restore(snapshot);
      // Every CP waits for its Monitor again; everything else is as it was.
      const disconnected = snapshot.cps.map((cp) => ({ ...cp, lastState: 'DISCONNECTED' as const }));
      assert.deepEqual(second.core.snapshot(), { ...snapshot, cps: disconnected });
      const strip = (views: ReturnType<typeof first.core.sessionViews>) => views.map(({ id, state, kWh, driverId }) => ({ id, state, kWh, driverId }));
      assert.deepEqual(strip(second.core.sessionViews()), strip(first.core.sessionViews()));
    });

    it('knows recent tickets from the ledger: shown in sessionViews, and late reports for them are not billed again', () => {
      const { core } = aCore();
      core.restore(aSnapshot({ recentTickets: [aTicket({ sessionId: 'S-new', startedAt: T0 - 100 }), aTicket()] }));
      assert.deepEqual(core.sessionViews().map((v) => [v.id, v.state, v.amount]), [['S-new', 'ended', 0.6], ['S-old', 'ended', 0.6]]);
      connect(core);
      const effects = core.deviceEvent('CP1', aSessionEnded('S-old', { kWh: 1.5 }));
      assert.equal(ofKind(effects, 'persist-session-end').length, 0);
      assert.equal(ofKind(effects, 'send-device').length, 1);
    });
  });

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

  it('mustAwait marks exactly the durable effects', () => {
    const durable: Effect['kind'][] = ['register-cp', 'persist-session', 'persist-session-end', 'ledger-append'];
    const all: Effect['kind'][] = [
      'send-device', 'send-driver', 'send-monitor', 'close-monitor-link', 'register-cp', 'persist-cp', 'persist-driver',
      'persist-session', 'persist-session-end', 'ledger-append', 'schedule-tick', 'cp-updated', 'log',
    ];
    for (const kind of all) assert.equal(mustAwait({ kind } as Effect), durable.includes(kind), kind);
  });
});
