import { unbind } from '../../../core/index.ts';
import type { MonitorHandler } from '../types.ts';

/**
 * `bye` (DESIGN §4.2): the Monitor is stopping cleanly. The CP goes straight to DISCONNECTED,
 * saying so, with no FAULTED on the way (issue 12); the link is closed.
 */
export const bye: MonitorHandler<'bye'> = (context, link, message) =>
  context.submit((core) => {
    const cp = core.state.cpOnLink(link.id);
    if (!cp) return core.emit({ kind: 'close-monitor-link', linkId: link.id, reason: 'bye' });
    unbind(core, cp, `the CP stopped: its Monitor said goodbye${message.reason ? ` (${message.reason})` : ''}`);
    core.refresh(cp);
  }, `bye ${message.cpId ?? ''} on ${link.id}`);
