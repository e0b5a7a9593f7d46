import type { DriverHandler } from '../types.ts';

/**
 * `stop {driverId, sessionId}` (DESIGN §4.5): a reservation ends at once; a supply ends
 * when the Engine reports its meter (`end-session` is sent, the ticket follows).
 */
export const stop: DriverHandler<'stop'> = (context, channelDriverId, request) =>
  context.submit((core) => core.driverRequest(request, channelDriverId), `stop ${request.sessionId} for ${request.driverId}`);
