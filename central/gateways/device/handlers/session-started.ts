import type { Effect } from '../../../core/index.ts';
import type { DeviceHandler } from '../types.ts';

/**
 * `session-started {sessionId, driverId}` (DESIGN §4.4): the relay closed for a reserved
 * session; it is CHARGING once the store has it (DESIGN §5). A start Central does not
 * stand behind (expired, stopped, never authorized) is answered with `end-session`.
 *
 * The Engine keeps this event in its outbox until Central acknowledges it, like
 * `session-ended`; the core acknowledges only the end, so the `ack {re}` is added here, last
 * in the same batch: it leaves after the session is on disk, and not at all if that write
 * failed (the Engine then sends it again). A duplicate is acknowledged again.
 */
export const sessionStarted: DeviceHandler<'session-started'> = (context, cpId, message) =>
  context.submit((core) => {
    const ack: Effect = { kind: 'send-device', cpId, message: { type: 'ack', id: context.newId(), ts: context.now(), re: message.id } };
    return [...core.deviceEvent(cpId, message), ack];
  }, `session-started ${message.sessionId} from ${cpId}`);
