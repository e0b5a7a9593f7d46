import type { SessionEndReason, Ticket } from '../../protocol/index.ts';

/**
 * How one followed charge came out. A ticket ending `unplugged` (the car left) or
 * `driver-stop` (the driver asked) is a completed service; `fault`, `stopped` (operator)
 * and `expired` (never plugged in) are not.
 */
export type ChargeOutcome =
  | { kind: 'completed'; ticket: Ticket }
  | { kind: 'ended-early'; ticket: Ticket }
  | { kind: 'denied'; cpId: string; reason: string }
  | { kind: 'stop-refused'; cpId: string; sessionId: string; reason: string }
  | { kind: 'detached'; cpId: string; sessionId: string }
  | { kind: 'no-answer'; cpId: string; waitingFor: string };

const COMPLETED_REASONS: ReadonlySet<SessionEndReason> = new Set(['unplugged', 'driver-stop']);

export function outcomeOfTicket(ticket: Ticket): ChargeOutcome {
  return COMPLETED_REASONS.has(ticket.reason) ? { kind: 'completed', ticket } : { kind: 'ended-early', ticket };
}

/** Exit code of `charge`/`watch`/`stop` (DESIGN §6): 0 completed or detached by choice, 1 otherwise. */
export function exitCodeOf(outcome: ChargeOutcome): 0 | 1 {
  return outcome.kind === 'completed' || outcome.kind === 'detached' ? 0 : 1;
}

/** What the driver reads about why a session ended. */
export const END_REASON_TEXT: Record<SessionEndReason, string> = {
  unplugged: 'car unplugged',
  'driver-stop': 'stopped by you',
  fault: 'the CP reported a fault',
  stopped: 'the CP was stopped by the operator',
  expired: 'reservation expired: nobody plugged in',
};
