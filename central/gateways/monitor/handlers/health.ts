import { endForCpCondition } from '../../../core/index.ts';
import type { MonitorHandler } from '../types.ts';

/**
 * `health {cpId, engine}` (DESIGN §4.2), on every change and every heartbeat: it keeps
 * the link fresh, and a `ko`/`unreachable` during a supply ends it at once (DESIGN §1).
 * Health on a link that has not said hello, or for another CP, is ignored.
 */
export const health: MonitorHandler<'health'> = (context, link, message) =>
  context.submit((core) => {
    const cp = core.state.cpOnLink(link.id);
    if (!cp) return core.log('warn', 'health on a link that has not said hello; ignored', { linkId: link.id, cpId: message.cpId });
    const cpId = cp.config.id;
    if (cpId !== message.cpId) return core.log('warn', `health for ${message.cpId} on ${cpId}'s link; ignored`, { linkId: link.id });
    cp.lastSeenMs = core.now();
    if (cp.health === message.engine) return;
    cp.health = message.engine;
    if (message.engine !== 'ok') core.log(message.engine === 'starting' ? 'info' : 'warn', `${cpId} engine ${message.engine}`, { cpId, detail: message.detail });
    core.refresh(cp);
    // DESIGN §1: a fault during a supply ends it at once. A KO is reported by a live Engine,
    // which ends the session itself; an unreachable one cannot, so Central closes it.
    // `starting` is no fault (issue 12): the Engine has not answered yet since the CP started or said goodbye.
    if (message.engine === 'ko' || message.engine === 'unreachable') endForCpCondition(core, cp, 'fault', message.engine === 'ko');
  }, `health ${message.cpId} ${message.engine} on ${link.id}`);
