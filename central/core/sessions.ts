import type { SessionEndReason } from '../../protocol/index.ts';
import { ticketFor } from './billing.ts';
import type { CentralCore } from './central-core.ts';
import type { CpRecord, SessionRecord } from './model.ts';

/**
 * Session lifecycle (DESIGN §2, §4.4): RESERVED → CHARGING → (ending) → ended.
 * Central owns reservations; the Engine owns the meter, so its `session-ended` is
 * authoritative for kWh. When Central asks for an end (driver stop, operator stop, a
 * fault the Engine itself raised) it waits for that report in the `ending` status, up to
 * a deadline, then closes the session with the last telemetry figures.
 */

/** Creates a reservation for `driverId` at `cp` and tells the Engine and the driver. */
export function reserve(core: CentralCore, cp: CpRecord, driverId: string, requestId: string): SessionRecord {
  const now = core.now();
  const session: SessionRecord = {
    id: core.options.newId(),
    cpId: cp.config.id,
    driverId,
    requestId,
    status: 'reserved',
    authorizedAt: now,
    expiresAt: now + core.options.reservationMs,
    pricePerKwh: cp.config.pricePerKwh,
    currency: core.options.currency,
    kW: 0,
    kWh: 0,
  };
  core.state.openSession(session);
  core.emit({ kind: 'persist-session', session: core.sessionSnapshot(session) });
  core.toDevice(cp.config.id, { type: 'authorize', sessionId: session.id, driverId, expiresAt: session.expiresAt });
  core.toDriver(driverId, { type: 'accepted', re: requestId, sessionId: session.id });
  core.toDriver(driverId, { type: 'authorized', sessionId: session.id, cpId: cp.config.id, plugInBy: session.expiresAt });
  core.emit({ kind: 'schedule-tick', atMs: session.expiresAt, reason: `reservation ${session.id} expires` });
  core.refresh(cp);
  return session;
}

/** The Engine closed the relay for a reserved session. */
export function markStarted(core: CentralCore, session: SessionRecord, startedAt: number): void {
  session.status = 'charging';
  session.startedAt = startedAt;
  core.emit({ kind: 'persist-session', session: core.sessionSnapshot(session) });
  const cp = core.state.cp(session.cpId);
  if (cp) core.refresh(cp);
}

export interface FinishInput {
  reason: SessionEndReason;
  endedAt: number;
  /** The Engine's figures when it reported the end; otherwise the last telemetry. */
  energyKwh?: number;
  durationS?: number;
  /** The Engine event to acknowledge once the end is on disk. */
  ackEventId?: string;
  /** The CP's claim was beyond its bound and not billed (issue 9): the ticket says so. */
  adjusted?: { claimedKwh: number };
}

/** Closes a session for good: ledger + store, the Engine's ack, the driver's ticket. */
export function finish(core: CentralCore, session: SessionRecord, input: FinishInput): void {
  const cp = core.state.cp(session.cpId);
  const energyKwh = input.energyKwh ?? session.kWh;
  const ticketInput = { endedAt: input.endedAt, reason: input.reason, energyKwh, ...(input.durationS === undefined ? {} : { durationS: input.durationS }) };
  const ticket = ticketFor(session, cp ? { ...ticketInput, location: cp.config.location.label } : ticketInput);
  if (input.adjusted) {
    ticket.billedKwhSource = 'last-plausible-reading';
    ticket.claimedKwh = input.adjusted.claimedKwh;
  }
  session.status = 'ended';
  session.reason = input.reason;
  session.kWh = energyKwh;
  session.amount = ticket.amount;
  session.startedAt = ticket.startedAt;
  session.endedAt = ticket.endedAt;
  delete session.ending;
  core.state.closeSession(session);
  // Held first, so no crash between the writes can lose it; the driver dedups a redelivery by session id.
  const message = core.driverMessage({ type: 'ticket' as const, ...ticket });
  core.emit({ kind: 'hold-ticket', driverId: session.driverId, ticket: message });
  core.emit({ kind: 'persist-session-end', ticket });
  if (input.ackEventId !== undefined) core.toDevice(session.cpId, { type: 'ack', re: input.ackEventId });
  core.emit({ kind: 'send-driver', driverId: session.driverId, message });
  core.log('info', `session ${session.id} ended: ${input.reason}`, { sessionId: session.id, cpId: session.cpId, kWh: energyKwh });
  if (cp) {
    core.emit({ kind: 'cp-updated', cpId: cp.config.id });
    core.refresh(cp);
  }
}

/** Waits (up to `timeoutMs`) for the Engine's report of an end Central asked for or expects. */
export function beginEnding(core: CentralCore, session: SessionRecord, reason: SessionEndReason, timeoutMs: number): void {
  if (session.status === 'ending') return;
  session.status = 'ending';
  session.ending = { reason, deadlineMs: core.now() + timeoutMs };
  core.emit({ kind: 'schedule-tick', atMs: session.ending.deadlineMs, reason: `end report for ${session.id} due` });
}

/**
 * The CP became unable to supply (a fault, an operator stop): end its session at once
 * (DESIGN §1). A reservation closes now; a running supply closes when the Engine reports
 * its meter, or now when the Engine cannot report (`engineReachable` false).
 */
export function endForCpCondition(core: CentralCore, cp: CpRecord, reason: 'fault' | 'stopped', engineReachable: boolean): void {
  const session = core.state.sessionAt(cp);
  if (!session) return;
  if (session.status === 'reserved') {
    // The Engine drops its reservation itself on a stop or fault; the cancel covers a lost one.
    core.toDevice(cp.config.id, { type: 'cancel', sessionId: session.id });
    finish(core, session, { reason, endedAt: core.now() });
    return;
  }
  if (!engineReachable) {
    core.toDevice(cp.config.id, { type: 'end-session', sessionId: session.id, reason });
    finish(core, session, { reason, endedAt: core.now() });
    return;
  }
  beginEnding(core, session, reason, core.options.endReportTimeoutMs);
}

/** Time-driven ends: lapsed reservations (`expired`) and overdue end reports. */
export function closeDueSessions(core: CentralCore): void {
  const now = core.now();
  for (const session of core.state.activeSessions()) {
    if (session.status === 'reserved' && now >= session.expiresAt) {
      core.toDevice(session.cpId, { type: 'cancel', sessionId: session.id });
      finish(core, session, { reason: 'expired', endedAt: session.expiresAt });
    } else if (session.status === 'ending' && session.ending && now >= session.ending.deadlineMs) {
      core.log('warn', `no session-ended from ${session.cpId} for ${session.id}; closing with the last telemetry`, {
        sessionId: session.id,
        kWh: session.kWh,
      });
      finish(core, session, { reason: session.ending.reason, endedAt: now });
    }
  }
}
