import type { DeviceHandler } from '../types.ts';

/**
 * `state {state, sessionId?}` (DESIGN §4.4): the Engine's own view. FAULTED feeds Central's
 * state; the rest reconciles the Engine towards Central's decisions (stop flag, sessions),
 * e.g. after Central restarted with sessions carried over.
 */
export const state: DeviceHandler<'state'> = (context, cpId, message) =>
  context.submit((core) => core.deviceEvent(cpId, message), `state ${message.state} from ${cpId}`);
