import type { CentralCore } from './central-core.ts';
import type { DriverRecord } from './model.ts';

/** Why a driver's token may not be revoked now: it has a session, which must end first (issue 14). */
export interface RevokeRefusal {
  sessionId: string;
  cpId: string;
}

/**
 * The driver got a token from `by` (the operator's API, or `evc central add-driver`): it is
 * known and no longer blocked, so a driver revoked before may charge again with its new token.
 */
export function provisionDriver(core: CentralCore, driverId: string, by: string): void {
  const known = core.state.driver(driverId);
  if (!known || known.blocked) {
    const record: DriverRecord = { id: driverId, blocked: false, firstSeenMs: known?.firstSeenMs ?? core.now() };
    core.state.putDriver(record);
    core.emit({ kind: 'persist-driver', driver: { ...record } });
  }
  core.log('info', known?.blocked ? `driver ${driverId} has a new token from ${by} and may charge again` : `driver ${driverId} added by ${by}`, { driverId });
}

/**
 * A driver with an active session (reserved or charging) keeps its token until the session
 * ends: the session was started with a token that was good then, and cutting it off mid-charge
 * would leave a CP supplying a driver Central can no longer tell anything (no progress, no
 * ticket). The operator stops the CP (the session ends and is billed) or waits, then revokes.
 */
export function revokeRefusal(core: CentralCore, driverId: string): RevokeRefusal | undefined {
  const session = core.state.activeSessionOf(driverId);
  return session ? { sessionId: session.id, cpId: session.cpId } : undefined;
}

/** The operator revoked the driver's token (issue 14): every request but a ticket's ack is denied from now on. */
export function blockDriver(core: CentralCore, driverId: string): void {
  const known = core.state.driver(driverId);
  if (known?.blocked) return;
  const record: DriverRecord = { id: driverId, blocked: true, firstSeenMs: known?.firstSeenMs ?? core.now() };
  core.state.putDriver(record);
  core.emit({ kind: 'persist-driver', driver: { ...record } });
  core.log('warn', `driver ${driverId}: token revoked by the operator`, { driverId });
}
