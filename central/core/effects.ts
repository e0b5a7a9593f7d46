import type { DeviceCommand, DriverEvent, Reject, Ticket, Welcome } from '../../protocol/index.ts';
import type { CpConfig, CpSnapshot, DriverSnapshot, SessionSnapshot, TicketFields } from './model.ts';

/** One ledger line for a finished session: the ticket (DESIGN §5). */
export interface SessionLedgerLine extends TicketFields {
  kind: 'session';
}

/** One ledger line per operator action on one CP (DESIGN §5). */
export interface OperatorLedgerLine {
  kind: 'operator';
  action: 'stop' | 'resume' | 'remove' | 'reset-secret';
  cpId: string;
  atMs: number;
  /** `all` when it came from "stop/resume all CPs". */
  scope: 'one' | 'all';
  reason?: string;
}

export type LedgerLine = SessionLedgerLine | OperatorLedgerLine;

/**
 * What the core asks its edges to do. Run them in the order given; await every effect for
 * which `mustAwait` is true before running the next, so nothing is acknowledged or told
 * before it is on disk (DESIGN §5).
 */
export type Effect =
  /** Publish on `evc/cp/{cpId}/cmd`. */
  | { kind: 'send-device'; cpId: string; message: DeviceCommand }
  /** Publish on `evc/drivers/{driverId}/events`. */
  | { kind: 'send-driver'; driverId: string; message: DriverEvent }
  /** Write one frame on the Monitor TCP link `linkId`. */
  | { kind: 'send-monitor'; linkId: string; message: Welcome | Reject }
  /** Close that Monitor link (after a reject, or a link whose heartbeats stopped). */
  | { kind: 'close-monitor-link'; linkId: string; reason: string }
  /** Trust on first use: hash `secret` and store the new CP. Awaited. */
  | { kind: 'register-cp'; cp: CpConfig; secret: string }
  /** The operator removed the CP: the store forgets it and its secret. Awaited. */
  | { kind: 'remove-cp'; cpId: string }
  /** CP config or runtime fields changed (coalesced write; not awaited). */
  | { kind: 'persist-cp'; cp: CpSnapshot }
  | { kind: 'persist-driver'; driver: DriverSnapshot }
  /** An active session was created or changed status. Awaited. */
  | { kind: 'persist-session'; session: SessionSnapshot }
  /** Keep the ticket until its driver acknowledges it (DESIGN §4.5); before the ledger line and the first send. Awaited. */
  | { kind: 'hold-ticket'; driverId: string; ticket: Ticket }
  /** The driver acknowledged the ticket of `sessionId`: stop redelivering it. */
  | { kind: 'release-ticket'; driverId: string; sessionId: string }
  /** A session finished: ledger line (fsync'd), then removed from the active ones. Awaited. */
  | { kind: 'persist-session-end'; ticket: TicketFields }
  /** An operator action for the ledger. Awaited. */
  | { kind: 'ledger-append'; line: OperatorLedgerLine }
  /** Call `tick()` at (or soon after) `atMs`: a reservation lapses or an end report is overdue. */
  | { kind: 'schedule-tick'; atMs: number; reason: string }
  /** The CP's row in `cpViews()` changed (state or live figures): push it to panels/SSE. */
  | { kind: 'cp-updated'; cpId: string }
  /** `pendingViews()` changed (registration approve): a CP waits, tried again, was accepted or registered. */
  | { kind: 'pending-updated' }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn'; message: string; fields?: Record<string, unknown> }
  /** Input refused (issue 9): counted in `evc_rejected_total{source,reason}`. The reason is logged beside it. */
  | { kind: 'rejected'; source: 'monitor' | 'device' | 'driver'; reason: string };

export type EffectKind = Effect['kind'];

const AWAITED: ReadonlySet<EffectKind> = new Set<EffectKind>([
  'register-cp',
  'remove-cp',
  'persist-session',
  'hold-ticket',
  'persist-session-end',
  'ledger-append',
]);

/** True for effects that must be durable before any later effect runs (DESIGN §5). */
export function mustAwait(effect: Effect): boolean {
  return AWAITED.has(effect.kind);
}
