import type { SessionEndReason } from '../../protocol/index.ts';
import { ticketFor } from './billing.ts';
import type { CoreContext } from './context.ts';
import type { CpRecord, SessionRecord } from './model.ts';

/**
 * Session lifecycle (DESIGN §2, §4.4): RESERVED → CHARGING → (ending) → ended.
 * Central owns reservations; the Engine owns the meter, so its `session-ended` is
 * authoritative for kWh. When Central asks for an end (driver stop, operator stop, a
 * fault the Engine itself raised) it waits for that report in the `ending` status, up to
 * a deadline, then closes the session with the last telemetry figures.
 */

/** Creates a reservation for `driverId` at `cp` and tells the Engine and the driver. */
export function reserve(ctx: CoreContext, cp: CpRecord, driverId: string, requestId: string): SessionRecord {
  const now = ctx.now();
  const session: SessionRecord = {
    id: ctx.options.newId(),
    cpId: cp.config.id,
    driverId,
    requestId,
    status: 'reserved',
    authorizedAt: now,
    expiresAt: now + ctx.options.reservationMs,
    pricePerKwh: cp.config.pricePerKwh,
    currency: ctx.options.currency,
    kW: 0,
    kWh: 0,
  };
  ctx.sessions.set(session.id, session);
  ctx.activeByDriver.set(driverId, session.id);
  cp.sessionId = session.id;
  ctx.emit({ kind: 'persist-session', session: ctx.sessionSnapshot(session) });
  ctx.toDevice(cp.config.id, { type: 'authorize', sessionId: session.id, driverId, expiresAt: session.expiresAt });
  ctx.toDriver(driverId, { type: 'accepted', re: requestId, sessionId: session.id });
  ctx.toDriver(driverId, { type: 'authorized', sessionId: session.id, cpId: cp.config.id, plugInBy: session.expiresAt });
  ctx.emit({ kind: 'schedule-tick', atMs: session.expiresAt, reason: `reservation ${session.id} expires` });
  ctx.refresh(cp);
  return session;
}

/** The Engine closed the relay for a reserved session. */
export function markStarted(ctx: CoreContext, session: SessionRecord, startedAt: number): void {
  session.status = 'charging';
  session.startedAt = startedAt;
  ctx.emit({ kind: 'persist-session', session: ctx.sessionSnapshot(session) });
  const cp = ctx.cps.get(session.cpId);
  if (cp) ctx.refresh(cp);
}

export interface FinishInput {
  reason: SessionEndReason;
  endedAt: number;
  /** The Engine's figures when it reported the end; otherwise the last telemetry. */
  energyKwh?: number;
  durationS?: number;
  /** The Engine event to acknowledge once the end is on disk. */
  ackEventId?: string;
}

/** Closes a session for good: ledger + store, the Engine's ack, the driver's ticket. */
export function finish(ctx: CoreContext, session: SessionRecord, input: FinishInput): void {
  const cp = ctx.cps.get(session.cpId);
  const energyKwh = input.energyKwh ?? session.kWh;
  const ticketInput = { endedAt: input.endedAt, reason: input.reason, energyKwh, ...(input.durationS === undefined ? {} : { durationS: input.durationS }) };
  const ticket = ticketFor(session, cp ? { ...ticketInput, location: cp.config.location.label } : ticketInput);
  session.status = 'ended';
  session.reason = input.reason;
  session.kWh = energyKwh;
  session.amount = ticket.amount;
  session.startedAt = ticket.startedAt;
  session.endedAt = ticket.endedAt;
  delete session.ending;
  ctx.sessions.delete(session.id);
  if (ctx.activeByDriver.get(session.driverId) === session.id) ctx.activeByDriver.delete(session.driverId);
  ctx.remember(session);
  ctx.emit({ kind: 'persist-session-end', ticket });
  if (input.ackEventId !== undefined) ctx.toDevice(session.cpId, { type: 'ack', re: input.ackEventId });
  ctx.toDriver(session.driverId, { type: 'ticket', ...ticket });
  ctx.log('info', `session ${session.id} ended: ${input.reason}`, { sessionId: session.id, cpId: session.cpId, kWh: energyKwh });
  if (cp) {
    if (cp.sessionId === session.id) delete cp.sessionId;
    ctx.emit({ kind: 'cp-updated', cpId: cp.config.id });
    ctx.refresh(cp);
  }
}

/** Waits (up to `timeoutMs`) for the Engine's report of an end Central asked for or expects. */
export function beginEnding(ctx: CoreContext, session: SessionRecord, reason: SessionEndReason, timeoutMs: number): void {
  if (session.status === 'ending') return;
  session.status = 'ending';
  session.ending = { reason, deadlineMs: ctx.now() + timeoutMs };
  ctx.emit({ kind: 'schedule-tick', atMs: session.ending.deadlineMs, reason: `end report for ${session.id} due` });
}

/**
 * The CP became unable to supply (a fault, an operator stop): end its session at once
 * (DESIGN §1). A reservation closes now; a running supply closes when the Engine reports
 * its meter, or now when the Engine cannot report (`engineReachable` false).
 */
export function endForCpCondition(ctx: CoreContext, cp: CpRecord, reason: 'fault' | 'stopped', engineReachable: boolean): void {
  const session = cp.sessionId === undefined ? undefined : ctx.sessions.get(cp.sessionId);
  if (!session) return;
  if (session.status === 'reserved') {
    // The Engine drops its reservation itself on a stop or fault; the cancel covers a lost one.
    ctx.toDevice(cp.config.id, { type: 'cancel', sessionId: session.id });
    finish(ctx, session, { reason, endedAt: ctx.now() });
    return;
  }
  if (!engineReachable) {
    ctx.toDevice(cp.config.id, { type: 'end-session', sessionId: session.id, reason });
    finish(ctx, session, { reason, endedAt: ctx.now() });
    return;
  }
  beginEnding(ctx, session, reason, ctx.options.endReportTimeoutMs);
}

/** Time-driven ends: lapsed reservations (`expired`) and overdue end reports. */
export function closeDueSessions(ctx: CoreContext): void {
  const now = ctx.now();
  for (const session of [...ctx.sessions.values()]) {
    if (session.status === 'reserved' && now >= session.expiresAt) {
      ctx.toDevice(session.cpId, { type: 'cancel', sessionId: session.id });
      finish(ctx, session, { reason: 'expired', endedAt: session.expiresAt });
    } else if (session.status === 'ending' && session.ending && now >= session.ending.deadlineMs) {
      ctx.log('warn', `no session-ended from ${session.cpId} for ${session.id}; closing with the last telemetry`, {
        sessionId: session.id,
        kWh: session.kWh,
      });
      finish(ctx, session, { reason: session.ending.reason, endedAt: now });
    }
  }
}
