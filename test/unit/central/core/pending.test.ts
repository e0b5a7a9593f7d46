import assert from 'node:assert/strict';
import { acceptPending, holdPending } from '../../../../central/core/index.ts';
import { MAX_PENDING_CPS } from '../../../../central/core/pending.ts';
import { aCore, aHello, ofKind, T0 } from '../builders.ts';

describe('central/core pending (DESIGN §2 PENDING, registration approve)', () => {
  it('holds an unknown CP as PENDING, counting its attempts and keeping when it was first seen', () => {
    const { core, clock } = aCore({ registration: 'approve' });
    assert.equal(holdPending(core.core, aHello({ cpId: 'CP7', location: { label: 'Yard' } })), true);
    clock.advance(4_000);
    assert.equal(holdPending(core.core, aHello({ cpId: 'CP7', location: { label: 'Yard' } })), true);
    assert.deepEqual(core.core.pendingViews(), [{ id: 'CP7', state: 'PENDING', location: 'Yard', firstSeenMs: T0, lastSeenMs: T0 + 4_000, attempts: 2 }]);
    assert.equal(core.hasCp('CP7'), false, 'a pending CP is not registered');
  });

  it('refuses a new id once MAX_PENDING_CPS wait, but still counts one already waiting', () => {
    const { core } = aCore({ registration: 'approve' });
    for (let i = 0; i < MAX_PENDING_CPS; i++) assert.equal(holdPending(core.core, aHello({ cpId: `P${i}` })), true);
    assert.equal(holdPending(core.core, aHello({ cpId: 'one-too-many' })), false);
    assert.equal(holdPending(core.core, aHello({ cpId: 'P0' })), true);
    assert.equal(core.core.pendingViews().length, MAX_PENDING_CPS);
    assert.equal(core.core.pendingViews().find((view) => view.id === 'P0')?.attempts, 2);
  });

  it('accepting moves a pending CP to the accepted set and logs it; an id not pending is refused', () => {
    const { core } = aCore({ registration: 'approve' });
    holdPending(core.core, aHello({ cpId: 'CP7' }));
    core.core.takeEffects();
    assert.equal(acceptPending(core.core, 'CP7'), true);
    assert.deepEqual(core.core.pendingViews(), []);
    assert.equal(core.core.state.acceptedCps.has('CP7'), true);
    assert.match(ofKind(core.core.takeEffects(), 'log')[0]!.message, /operator accepted CP7/);
    assert.equal(acceptPending(core.core, 'CP7'), false, 'already accepted');
    assert.equal(acceptPending(core.core, 'CP8'), false);
  });
});
