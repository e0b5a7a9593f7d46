import { cpSummary } from '../../../core/index.ts';
import type { DriverHandler } from '../types.ts';
import { admitRequest } from './admit.ts';

/** `list-cps {driverId}` (DESIGN §4.5) → `cps {list}` with every CP's state, location and price. */
export const listCps: DriverHandler<'list-cps'> = (context, channelDriverId, request) =>
  context.submit((core) => {
    if (!admitRequest(core, request, channelDriverId)) return;
    core.toDriver(request.driverId, { type: 'cps', re: request.id, list: core.state.cps().map(cpSummary) });
  }, `list-cps for ${request.driverId}`);
