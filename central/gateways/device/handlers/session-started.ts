import { markStarted } from '../../../core/index.ts';
import type { DeviceHandler } from '../types.ts';
import { admittedCp } from './admit.ts';

/**
 * `session-started {sessionId, driverId}` (DESIGN §4.4): the relay closed for a reserved
 * session; it is CHARGING once the store has it (DESIGN §5). A start Central does not
 * stand behind (expired, stopped, never authorized) is answered with `end-session`.
 *
 * The Engine keeps this event in its outbox until Central acknowledges it, like
 * `session-ended`: the `ack {re}` goes last in the input's effects, so it leaves after the
 * session is on disk, and not at all if that write failed (the Engine then sends it
 * again). A duplicate is acknowledged again.
 */
export const sessionStarted: DeviceHandler<'session-started'> = (context, cpId, event) =>
  context.submit((core) => {
    const cp = admittedCp(core, cpId, event);
    const session = core.state.session(event.sessionId);
    if (!cp || (session?.cpId === cpId && session.status !== 'reserved')) {
      // A duplicate, an unknown CP, or a session already running: only the ack.
    } else if (session?.cpId === cpId) {
      if (event.driverId !== session.driverId) {
        core.log('warn', `${cpId} started ${session.id} for ${event.driverId}, authorized for ${session.driverId}`);
      }
      markStarted(core, session, event.ts);
    } else {
      // A supply Central no longer stands behind (expired, stopped, or never authorized): end it.
      const reason = core.state.endedSession(event.sessionId)?.reason ?? 'fault';
      core.log('warn', `${cpId} started ${event.sessionId}, which is not active here; ending it`, { reason });
      core.toDevice(cpId, { type: 'end-session', sessionId: event.sessionId, reason });
    }
    core.toDevice(cpId, { type: 'ack', re: event.id });
  }, `session-started ${event.sessionId} from ${cpId}`);
