import { strict as assert } from 'node:assert';
import { outcomeRecord, settle, silenceHint } from '../../../../driver/commands/results.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { aTicket } from '../builders.ts';

const BUS = 'mqtt://central.lan:1883';

describe('driver/commands/results', () => {
  it('the final --json record carries the outcome, its exit code and what explains it', () => {
    const ticket = aTicket({ reason: 'fault' });
    assert.deepEqual(outcomeRecord('charge', { kind: 'ended-early', ticket }), {
      type: 'result', command: 'charge', outcome: 'ended-early', exitCode: 1, cpId: ticket.cpId, sessionId: ticket.sessionId, reason: 'fault', ticket,
    });
    assert.deepEqual(outcomeRecord('stop', { kind: 'stop-refused', cpId: 'CP1', sessionId: 'S1', reason: 'not yours' }), {
      type: 'result', command: 'stop', outcome: 'stop-refused', exitCode: 1, cpId: 'CP1', sessionId: 'S1', reason: 'not yours',
    });
    assert.deepEqual(outcomeRecord('watch', { kind: 'detached', cpId: 'CP1', sessionId: 'S1' }), { type: 'result', command: 'watch', outcome: 'detached', exitCode: 0, cpId: 'CP1', sessionId: 'S1' });
    assert.deepEqual(outcomeRecord('charge', { kind: 'denied', cpId: 'CP1', reason: 'busy' }), { type: 'result', command: 'charge', outcome: 'denied', exitCode: 1, cpId: 'CP1', reason: 'busy' });
    assert.equal(outcomeRecord('charge', { kind: 'no-answer', cpId: 'CP1', waitingFor: 'the ticket' }).reason, 'no answer: waited for the ticket');
  });

  it('settle: 0 for completed or detached, otherwise the EvcError bin/ prints', () => {
    assert.equal(settle({ kind: 'completed', ticket: aTicket() }, BUS), 0);
    assert.equal(settle({ kind: 'detached', cpId: 'CP1', sessionId: 'S1' }, BUS), 0);
    const thrown = (outcome: Parameters<typeof settle>[0], code: string, message: RegExp) =>
      assert.throws(() => settle(outcome, BUS), (error: unknown) => error instanceof EvcError && error.code === code && message.test(error.message));
    thrown({ kind: 'ended-early', ticket: aTicket({ sessionId: 'S7', cpId: 'CP2', reason: 'stopped' }) }, 'SESSION_ENDED_EARLY', /^session S7 at CP2 ended early: the CP was stopped by the operator$/);
    thrown({ kind: 'denied', cpId: 'CP1', reason: 'busy' }, 'DENIED', /^Central denied the charge at CP1: busy$/);
    thrown({ kind: 'stop-refused', cpId: 'CP1', sessionId: 'S1', reason: 'no' }, 'STOP_REFUSED', /^Central refused to stop session S1: no$/);
    thrown({ kind: 'no-answer', cpId: 'CP1', waitingFor: 'the ticket' }, 'NO_ANSWER', /waited for the ticket; is Central running and connected to mqtt:\/\/central\.lan:1883\? check --bus/);
  });

  it('the silence hint names the bus and the flag', () => {
    assert.equal(silenceHint(BUS), 'is Central running and connected to mqtt://central.lan:1883? check --bus (or EVC_BUS)');
  });
});
