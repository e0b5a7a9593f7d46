import type { DriverHandler } from '../types.ts';

/**
 * `charge {driverId, cpId}` (DESIGN §4.5) → `accepted` + `authorized {plugInBy}` and
 * `authorize` to the Engine once the reservation is on disk, or `denied {reason}`.
 */
export const charge: DriverHandler<'charge'> = (context, channelDriverId, request) =>
  context.submit((core) => core.driverRequest(request, channelDriverId), `charge ${request.cpId} for ${request.driverId}`);
