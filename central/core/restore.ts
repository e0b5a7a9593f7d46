import type { CentralCore } from './central-core.ts';
import { addCp } from './links.ts';
import type { CoreSnapshot, SessionRecord } from './model.ts';

/**
 * Loads what the store kept (DESIGN §5). Every CP starts DISCONNECTED until its Monitor
 * says hello; sessions carry on and are reconciled with the Engine's next `state` event.
 */
export function restore(core: CentralCore, snapshot: CoreSnapshot): void {
  for (const stored of snapshot.cps) {
    const { lastState: _lastState, lastSeenMs, operatorStopped, ...config } = stored;
    const cp = addCp(core, config);
    cp.operatorStopped = operatorStopped;
    if (lastSeenMs !== undefined) cp.lastSeenMs = lastSeenMs;
  }
  for (const driver of snapshot.drivers) core.state.putDriver({ ...driver });
  for (const ticket of [...(snapshot.recentTickets ?? [])].reverse()) {
    const { sessionId, durationS: _durationS, location: _location, ...rest } = ticket;
    core.state.remember({ ...rest, id: sessionId, status: 'ended', requestId: '', authorizedAt: rest.startedAt, expiresAt: rest.startedAt, kW: 0 });
  }
  for (const stored of snapshot.sessions) {
    const { status, ...rest } = stored;
    const session: SessionRecord = { ...rest, status };
    if (core.state.restoreSession(session) === 'unknown-cp') core.log('warn', `restored session ${session.id} names unknown CP ${session.cpId}`);
    if (status === 'reserved') core.emit({ kind: 'schedule-tick', atMs: session.expiresAt, reason: `reservation ${session.id} expires` });
  }
}
