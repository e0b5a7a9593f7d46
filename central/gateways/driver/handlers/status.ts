import type { DriverHandler } from '../types.ts';
import { admitRequest } from './admit.ts';

/** `status {driverId, cpId}` (DESIGN §4.5) → `cp-state {cpId, state}` or `denied` for an unknown CP. */
export const status: DriverHandler<'status'> = (context, channelDriverId, request) =>
  context.submit((core) => {
    if (!admitRequest(core, request, channelDriverId)) return;
    const cp = core.state.cp(request.cpId);
    if (!cp) return core.toDriver(request.driverId, { type: 'denied', re: request.id, reason: `unknown CP ${request.cpId}` });
    core.toDriver(request.driverId, { type: 'cp-state', re: request.id, cpId: cp.config.id, state: cp.state });
  }, `status ${request.cpId} for ${request.driverId}`);
