import { strict as assert } from 'node:assert';
import { END_REASON_TEXT, exitCodeOf, outcomeOfTicket } from '../../../../driver/core/outcome.ts';
import { SESSION_END_REASONS } from '../../../../protocol/index.ts';
import { aTicket } from '../builders.ts';

describe('driver/core/outcome', () => {
  it('a ticket ended by unplugging or by the driver is a completed service; any other reason ended early', () => {
    for (const reason of SESSION_END_REASONS) {
      const ticket = aTicket({ reason });
      const expected = reason === 'unplugged' || reason === 'driver-stop' ? 'completed' : 'ended-early';
      assert.deepEqual(outcomeOfTicket(ticket), { kind: expected, ticket }, reason);
    }
  });

  it('exits 0 only for a completed or knowingly detached charge (DESIGN §6)', () => {
    const ticket = aTicket();
    assert.equal(exitCodeOf({ kind: 'completed', ticket }), 0);
    assert.equal(exitCodeOf({ kind: 'detached', cpId: 'CP1', sessionId: 'S1' }), 0);
    assert.equal(exitCodeOf({ kind: 'ended-early', ticket }), 1);
    assert.equal(exitCodeOf({ kind: 'denied', cpId: 'CP1', reason: 'no' }), 1);
    assert.equal(exitCodeOf({ kind: 'stop-refused', cpId: 'CP1', sessionId: 'S1', reason: 'no' }), 1);
    assert.equal(exitCodeOf({ kind: 'no-answer', cpId: 'CP1', waitingFor: 'the ticket' }), 1);
  });

  it('has words for every end reason', () => {
    for (const reason of SESSION_END_REASONS) assert.ok(END_REASON_TEXT[reason].length > 0, reason);
    assert.equal(END_REASON_TEXT.expired, 'reservation expired: nobody plugged in');
  });
});
