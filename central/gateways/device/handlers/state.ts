import { beginEnding, endForCpCondition } from '../../../core/index.ts';
import type { DeviceHandler } from '../types.ts';
import { admittedCp } from './admit.ts';

/**
 * `state {state, sessionId?}` (DESIGN §4.4): the Engine's own view. FAULTED feeds Central's
 * state; the rest reconciles the Engine towards Central's decisions (stop flag, sessions),
 * e.g. after either side restarted with sessions carried over.
 */
export const state: DeviceHandler<'state'> = (context, cpId, event) =>
  context.submit((core) => {
    const cp = admittedCp(core, cpId, event);
    if (!cp) return;
    cp.engineState = event.state;
    if (event.sessionId === undefined) delete cp.engineSessionId;
    else cp.engineSessionId = event.sessionId;
    core.refresh(cp);
    if (event.state === 'FAULTED') endForCpCondition(core, cp, 'fault', true);

    if (cp.operatorStopped && event.state !== 'STOPPED' && event.state !== 'FAULTED') core.toDevice(cpId, { type: 'stop' });
    if (!cp.operatorStopped && event.state === 'STOPPED') core.toDevice(cpId, { type: 'resume' });

    const session = core.state.sessionAt(cp);
    if (session?.status === 'charging' && !(event.state === 'CHARGING' && event.sessionId === session.id)) {
      // The Engine has no such supply any more: its session-ended is on the way from its outbox.
      core.log('warn', `${cpId} reports ${event.state} while ${session.id} is charging here; awaiting its session-ended`);
      beginEnding(core, session, 'fault', core.options.orphanTimeoutMs);
    }
    if (event.sessionId !== undefined && event.sessionId !== session?.id) {
      const ended = core.state.endedSession(event.sessionId);
      core.log('warn', `${cpId} holds session ${event.sessionId}, which is not active here; withdrawing it`);
      if (event.state === 'RESERVED') core.toDevice(cpId, { type: 'cancel', sessionId: event.sessionId });
      else core.toDevice(cpId, { type: 'end-session', sessionId: event.sessionId, reason: ended?.reason ?? 'fault' });
    }
  }, `state ${event.state} from ${cpId}`);
