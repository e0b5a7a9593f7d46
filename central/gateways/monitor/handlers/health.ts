import type { MonitorHandler } from '../types.ts';

/**
 * `health {cpId, engine}` (DESIGN §4.2), on every change and every heartbeat: it keeps
 * the link fresh, and a `ko`/`unreachable` during a supply ends it at once (DESIGN §1).
 * The core ignores health on a link that has not said hello, or for another CP.
 */
export const health: MonitorHandler<'health'> = (context, link, message) =>
  context.submit((core) => core.monitorHealth(link.id, message), `health ${message.cpId} ${message.engine} on ${link.id}`);
