import type { DriverHandler } from '../types.ts';

/** `status {driverId, cpId}` (DESIGN §4.5) → `cp-state {cpId, state}` or `denied` for an unknown CP. */
export const status: DriverHandler<'status'> = (context, channelDriverId, request) =>
  context.submit((core) => core.driverRequest(request, channelDriverId), `status ${request.cpId} for ${request.driverId}`);
