import assert from 'node:assert/strict';
import { TelemetryTracker } from '../../../fleet/telemetry-tracker.ts';

describe('fleet TelemetryTracker', () => {
  it('a view shows its figure and every earlier one of the session (the stream coalesces)', () => {
    const tracker = new TelemetryTracker();
    tracker.sent('CP1', 'S1', 0.1);
    tracker.sent('CP1', 'S1', 0.2);
    tracker.sent('CP1', 'S1', 0.3);
    tracker.seen('CP1', { sessionId: 'S1', kWh: 0.2 });
    assert.equal(tracker.seenCount, 2);
    assert.equal(tracker.lost(0), 1);
    tracker.seen('CP2', { sessionId: 'S1', kWh: 9 });
    tracker.seen('CP1', { sessionId: 'S0', kWh: 9 });
    assert.equal(tracker.seenCount, 2, 'another CP or session shows nothing of ours');
  });

  it('after the session ended, a view without a session settles its figures; before, it does not', () => {
    const tracker = new TelemetryTracker();
    tracker.sent('CP1', 'S1', 0.1);
    tracker.seen('CP1', { kWh: undefined });
    assert.equal(tracker.lost(0), 1, 'still charging: a session-less view is not proof');
    tracker.ended('CP1', 'S1');
    tracker.seen('CP1', {});
    assert.equal(tracker.lost(0), 0);
    assert.equal(tracker.seenCount, 1);
    assert.equal(tracker.latencies.count, 1);
  });
});
