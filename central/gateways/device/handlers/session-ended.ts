import { durationBoundS, energyBoundKwh, finish, flagCp } from '../../../core/index.ts';
import type { DeviceHandler } from '../types.ts';
import { admitEvent } from './admit.ts';

/**
 * `session-ended {sessionId, kWh, durationS, reason}` (DESIGN §4.4): the Engine's meter is
 * authoritative. The ledger line is fsync'd and the session removed from state.json before
 * the `ack {re}` goes back on `evc/cp/{cpId}/cmd` and the ticket to the driver (DESIGN §5);
 * the Engine keeps the event in its outbox until that ack, so a duplicate is acked again.
 */
export const sessionEnded: DeviceHandler<'session-ended'> = (context, cpId, event) =>
  context.submit((core) => {
    const { cp, duplicate } = admitEvent(core, cpId, event);
    if (duplicate || !cp) {
      // Acknowledge again so the Engine's outbox clears even when our first ack was lost.
      core.toDevice(cpId, { type: 'ack', re: event.id });
      if (!cp) core.log('warn', `session-ended from unknown CP ${cpId}; acknowledged, not billed`, { sessionId: event.sessionId });
      return;
    }
    const session = core.state.session(event.sessionId);
    if (session && session.cpId === cpId) {
      // Issue 9: a claim beyond what the CP could deliver is billed at Central's last plausible reading, and the ticket says so.
      const boundKwh = energyBoundKwh(cp, session, core.now(), core.options.energySlackS);
      const durationS = Math.min(event.durationS, durationBoundS(session, core.now(), core.options.energySlackS));
      if (event.kWh > boundKwh) {
        core.reject('device', 'energy-out-of-bounds', `session-ended from ${cpId} claims ${event.kWh} kWh for ${session.id}; at most ${boundKwh.toFixed(3)} kWh is possible: billed ${session.kWh} kWh (last plausible reading)`, { cpId, sessionId: session.id });
        flagCp(core, cp, 'implausible energy at session end');
        return finish(core, session, { reason: event.reason, endedAt: core.now(), energyKwh: session.kWh, durationS, ackEventId: event.id, adjusted: { claimedKwh: event.kWh } });
      }
      return finish(core, session, { reason: event.reason, endedAt: event.ts, energyKwh: Math.max(event.kWh, session.kWh), durationS, ackEventId: event.id });
    }
    core.toDevice(cpId, { type: 'ack', re: event.id });
    const ended = core.state.endedSession(event.sessionId);
    if (!ended) return core.log('warn', `session-ended for unknown session ${event.sessionId} at ${cpId}; acknowledged`);
    if (Math.abs(ended.kWh - event.kWh) > 1e-9) {
      // Central closed it first (Engine unreachable or its report overdue); the ticket stands.
      core.log('warn', `late session-ended for ${event.sessionId}: Engine metered ${event.kWh} kWh, ticket billed ${ended.kWh} kWh`, {
        sessionId: event.sessionId,
        engineKwh: event.kWh,
        billedKwh: ended.kWh,
      });
    }
  }, `session-ended ${event.sessionId} from ${cpId}`);
