import { strict as assert } from 'node:assert';
import { ChargeTracker } from '../../../../driver/core/charge-tracker.ts';
import { aDenied, anAccepted, anAuthorized, aProgress, aTicket, T0 } from '../builders.ts';

describe('ChargeTracker', () => {
  it('follows a charge from request to ticket', () => {
    const tracker = ChargeTracker.forRequest('req-1', 'CP1');
    assert.equal(tracker.phase.kind, 'requested');
    assert.equal(tracker.apply(anAccepted(), T0), true);
    assert.deepEqual(tracker.phase, { kind: 'accepted', cpId: 'CP1', sessionId: 'S1' });
    assert.equal(tracker.apply(anAuthorized(), T0), true);
    assert.deepEqual(tracker.phase, { kind: 'reserved', cpId: 'CP1', sessionId: 'S1', plugInByMs: T0 + 60_000 });
    assert.equal(tracker.apply(aProgress({ kW: 7, kWh: 0.1, amount: 0.04 }), T0 + 5000), true);
    assert.equal(tracker.apply(aProgress({ kW: 7.2, kWh: 0.3, amount: 0.11 }), T0 + 8000), true);
    assert.deepEqual(tracker.view(T0 + 9500), {
      kind: 'charging', cpId: 'CP1', sessionId: 'S1', powerKw: 7.2, energyKwh: 0.3, amount: 0.11, chargingSinceMs: T0 + 5000, elapsedS: 4.5,
    });
    const ticket = aTicket();
    assert.equal(tracker.apply(ticket, T0), true);
    assert.deepEqual(tracker.phase, { kind: 'ended', cpId: 'CP1', sessionId: 'S1', ticket });
    assert.equal(tracker.finished, true);
  });

  it('is denied only by the answer to its own request', () => {
    const tracker = ChargeTracker.forRequest('req-1', 'CP1');
    assert.equal(tracker.apply(aDenied({ re: 'req-0' }), T0), false);
    assert.equal(tracker.phase.kind, 'requested');
    assert.equal(tracker.apply(aDenied({ reason: 'unknown CP CP1' }), T0), true);
    assert.deepEqual(tracker.phase, { kind: 'denied', cpId: 'CP1', reason: 'unknown CP CP1' });
  });

  it('ignores events of other sessions, a backlog included', () => {
    const tracker = ChargeTracker.forRequest('req-1', 'CP1');
    assert.equal(tracker.apply(aTicket({ sessionId: 'OLD' }), T0), false);
    assert.equal(tracker.apply(aProgress({ sessionId: 'OLD' }), T0), false);
    tracker.apply(anAccepted(), T0);
    assert.equal(tracker.apply(anAuthorized({ sessionId: 'OTHER', cpId: 'CP2' }), T0), false);
    assert.equal(tracker.apply(aProgress({ sessionId: 'OTHER' }), T0), false);
    assert.equal(tracker.apply(aTicket({ sessionId: 'OTHER' }), T0), false);
    assert.equal(tracker.phase.kind, 'accepted');
  });

  it('adopts the session of an authorized for its CP when accepted carried no session id', () => {
    const tracker = ChargeTracker.forRequest('req-1', 'CP1');
    tracker.apply(anAccepted({ sessionId: undefined }), T0);
    assert.equal(tracker.apply(anAuthorized({ sessionId: 'X', cpId: 'CP2' }), T0), false);
    assert.equal(tracker.apply(anAuthorized({ sessionId: 'S9' }), T0), true);
    assert.equal(tracker.sessionId, 'S9');
  });

  it('ignores everything after the end', () => {
    const tracker = ChargeTracker.forRequest('req-1', 'CP1');
    tracker.apply(aDenied(), T0);
    assert.equal(tracker.apply(anAccepted(), T0), false);
    assert.equal(tracker.phase.kind, 'denied');
  });

  it('recognises the answer to its stop request', () => {
    const tracker = ChargeTracker.forSession('S1', 'CP1');
    tracker.stopRequested('stop-1');
    assert.equal(tracker.apply(anAccepted({ re: 'stop-0' }), T0), false);
    assert.equal(tracker.apply(anAccepted({ re: 'stop-1' }), T0), true);
    assert.deepEqual(tracker.stop, { kind: 'accepted' });
    tracker.stopRequested('stop-2');
    tracker.apply(aDenied({ re: 'stop-2', reason: 'session S1 already ended (unplugged)' }), T0);
    assert.deepEqual(tracker.stop, { kind: 'refused', reason: 'session S1 already ended (unplugged)' });
  });

  it('follows a known session straight into charging (watch)', () => {
    const tracker = ChargeTracker.forSession('S1', 'CP1');
    assert.equal(tracker.apply(aProgress(), T0), true);
    assert.equal(tracker.phase.kind, 'charging');
  });
});
