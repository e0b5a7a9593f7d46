import type { DriverHandler } from '../types.ts';

/** `list-cps {driverId}` (DESIGN §4.5) → `cps {list}` with every CP's state, location and price. */
export const listCps: DriverHandler<'list-cps'> = (context, channelDriverId, request) =>
  context.submit((core) => core.driverRequest(request, channelDriverId), `list-cps for ${request.driverId}`);
