import { EvcError } from '../../protocol/index.ts';
import { END_REASON_TEXT, exitCodeOf, type ChargeOutcome } from '../core/outcome.ts';

/** The final `--json` line of a charge-like command. */
export function outcomeRecord(command: string, outcome: ChargeOutcome): { type: 'result' } & Record<string, unknown> {
  const base = { type: 'result' as const, command, outcome: outcome.kind, exitCode: exitCodeOf(outcome) };
  switch (outcome.kind) {
    case 'completed':
    case 'ended-early':
      return { ...base, cpId: outcome.ticket.cpId, sessionId: outcome.ticket.sessionId, reason: outcome.ticket.reason, ticket: outcome.ticket };
    case 'denied':
      return { ...base, cpId: outcome.cpId, reason: outcome.reason };
    case 'stop-refused':
      return { ...base, cpId: outcome.cpId, sessionId: outcome.sessionId, reason: outcome.reason };
    case 'detached':
      return { ...base, cpId: outcome.cpId, sessionId: outcome.sessionId };
    case 'no-answer':
      return { ...base, cpId: outcome.cpId, reason: `no answer: waited for ${outcome.waitingFor}` };
  }
}

/** What to check when Central stays silent. */
export function silenceHint(busUrl: string): string {
  return `is Central running and connected to ${busUrl}? check --bus (or EVC_BUS)`;
}

/** 0 for a completed (or knowingly detached) charge; otherwise the EvcError bin/ reports on stderr. */
export function settle(outcome: ChargeOutcome, busUrl: string): 0 {
  switch (outcome.kind) {
    case 'completed':
    case 'detached':
      return 0;
    case 'ended-early':
      throw new EvcError('SESSION_ENDED_EARLY', `session ${outcome.ticket.sessionId} at ${outcome.ticket.cpId} ended early: ${END_REASON_TEXT[outcome.ticket.reason]}`);
    case 'denied':
      throw new EvcError('DENIED', `Central denied the charge at ${outcome.cpId}: ${outcome.reason}`);
    case 'stop-refused':
      throw new EvcError('STOP_REFUSED', `Central refused to stop session ${outcome.sessionId}: ${outcome.reason}`);
    case 'no-answer':
      throw new EvcError('NO_ANSWER', `no word from Central: waited for ${outcome.waitingFor}; ${silenceHint(busUrl)}`);
  }
}
