import assert from 'node:assert/strict';
import { acceptPending, holdPending, isAccepted, leavePending } from '../../../../central/core/index.ts';
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

  it('accepting marks a pending CP accepted (it stays listed until its next hello), tells the views and logs it; an id not pending is refused', () => {
    const { core, clock } = aCore({ registration: 'approve' });
    holdPending(core.core, aHello({ cpId: 'CP7' }));
    assert.equal(ofKind(core.core.takeEffects(), 'pending-updated').length, 1, 'a new pending CP is told');
    clock.advance(2_000);
    assert.equal(isAccepted(core.core, 'CP7'), false);
    assert.equal(acceptPending(core.core, 'CP7'), true);
    assert.deepEqual(
      core.core.pendingViews().map((view) => [view.id, view.state, view.acceptedAtMs]),
      [['CP7', 'PENDING', T0 + 2_000]],
    );
    assert.equal(isAccepted(core.core, 'CP7'), true);
    const effects = core.core.takeEffects();
    assert.equal(ofKind(effects, 'pending-updated').length, 1);
    assert.match(ofKind(effects, 'log')[0]!.message, /operator accepted CP7/);
    assert.equal(acceptPending(core.core, 'CP7'), true, 'accepting again is no error');
    assert.deepEqual(core.core.takeEffects(), [], '…and changes nothing');
    assert.equal(acceptPending(core.core, 'CP8'), false);
    leavePending(core.core, 'CP7');
    assert.deepEqual(core.core.pendingViews(), []);
    assert.equal(ofKind(core.core.takeEffects(), 'pending-updated').length, 1);
  });
});
