import type { DeviceHandler } from '../types.ts';

/**
 * `session-ended {sessionId, kWh, durationS, reason}` (DESIGN §4.4): the Engine's meter is
 * authoritative. The ledger line is fsync'd and the session removed from state.json before
 * the `ack {re}` goes back on `evc/cp/{cpId}/cmd` and the ticket to the driver (DESIGN §5);
 * the Engine keeps the event in its outbox until that ack, so a duplicate is acked again.
 */
export const sessionEnded: DeviceHandler<'session-ended'> = (context, cpId, message) =>
  context.submit((core) => core.deviceEvent(cpId, message), `session-ended ${message.sessionId} from ${cpId}`);
