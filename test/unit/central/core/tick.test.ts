import assert from 'node:assert/strict';
import { aCore, connect, driverMessages, ofKind, reserve } from '../builders.ts';

describe('central/core tick', () => {
  it('does nothing while nothing is due', () => {
    const { core } = aCore();
    connect(core);
    reserve(core);
    assert.deepEqual(core.tick().filter((effect) => effect.kind !== 'log'), []);
  });

  it('in one call drops a silent link and lapses a reservation that is due', () => {
    const { core, clock } = aCore({ heartbeatMs: 1_000, missedHeartbeats: 3, reservationMs: 60_000 });
    connect(core, 'CP1');
    connect(core, 'CP2');
    reserve(core, 'D1', 'CP2');
    clock.advance(60_001);
    // CP2 keeps talking, CP1 fell silent.
    core.monitorHealth('link-CP2', { type: 'health', id: 'h-late', ts: clock.nowMs, cpId: 'CP2', engine: 'ok' });
    const effects = core.tick();
    assert.deepEqual(ofKind(effects, 'close-monitor-link').map((e) => e.linkId), ['link-CP1']);
    assert.equal(driverMessages(effects, 'D1', 'ticket')[0]?.reason, 'expired');
    assert.equal(core.cpView('CP2')?.state, 'AVAILABLE');
  });
});
