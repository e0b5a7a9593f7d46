import { beginEnding, finish } from '../../../core/index.ts';
import type { DriverHandler } from '../types.ts';
import { admitRequest } from './admit.ts';

/**
 * `stop {driverId, sessionId}` (DESIGN §4.5): a reservation ends at once; a supply ends
 * when the Engine reports its meter (`end-session` is sent, the ticket follows).
 */
export const stop: DriverHandler<'stop'> = (context, channelDriverId, request) =>
  context.submit((core) => {
    if (!admitRequest(core, request, channelDriverId)) return;
    const deny = (reason: string) => core.toDriver(request.driverId, { type: 'denied', re: request.id, reason });
    const session = core.state.session(request.sessionId);
    if (!session || session.driverId !== request.driverId) {
      const ended = core.state.endedSession(request.sessionId);
      if (ended && ended.driverId === request.driverId) return deny(`session ${request.sessionId} already ended (${ended.reason})`);
      return deny(`you have no active session ${request.sessionId}`);
    }
    core.toDriver(request.driverId, { type: 'accepted', re: request.id, sessionId: session.id });
    if (session.status === 'reserved') {
      core.toDevice(session.cpId, { type: 'cancel', sessionId: session.id });
      return finish(core, session, { reason: 'driver-stop', endedAt: core.now() });
    }
    // The Engine meters the energy: ask it to end, wait for its session-ended (core/sessions.ts).
    core.toDevice(session.cpId, { type: 'end-session', sessionId: session.id, reason: 'driver-stop' });
    beginEnding(core, session, 'driver-stop', core.options.endReportTimeoutMs);
  }, `stop ${request.sessionId} for ${request.driverId}`);
