import assert from 'node:assert/strict';
import type { TicketFields } from '../../../../central/core/index.ts';
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

describe('central/core restore (DESIGN §5)', () => {
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
