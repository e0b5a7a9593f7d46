import type { DeviceHandler } from '../types.ts';

/**
 * `session-started {sessionId, driverId}` (DESIGN §4.4): the relay closed for a reserved
 * session; it is CHARGING once the store has it (DESIGN §5). A start Central does not
 * stand behind (expired, stopped, never authorized) is answered with `end-session`.
 */
export const sessionStarted: DeviceHandler<'session-started'> = (context, cpId, message) =>
  context.submit((core) => core.deviceEvent(cpId, message), `session-started ${message.sessionId} from ${cpId}`);
