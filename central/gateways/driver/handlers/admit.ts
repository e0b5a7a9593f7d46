import type { DriverRequest } from '../../../../protocol/index.ts';
import type { CentralCore } from '../../../core/index.ts';

/**
 * DESIGN §4.5: a request whose `driverId` differs from the one its channel proves
 * (MQTT topic / login, Kafka key) is denied. Returns the reason, or undefined when fine.
 */
export function checkDriverChannel(request: Pick<DriverRequest, 'driverId'>, channelDriverId: string | undefined): string | undefined {
  if (channelDriverId === undefined || channelDriverId === request.driverId) return undefined;
  return `request names driver ${request.driverId} but arrived on ${channelDriverId}'s channel`;
}

/**
 * What every driver request passes first: the channel check (denied on a mismatch), dedup
 * on the request id (a QoS 1 or Kafka redelivery is ignored), and a blocked driver's refusal.
 * False = handled here.
 */
export function admitRequest(core: CentralCore, request: DriverRequest, channelDriverId: string): boolean {
  const mismatch = checkDriverChannel(request, channelDriverId);
  if (mismatch !== undefined) {
    core.log('warn', mismatch, { requestId: request.id });
    core.toDriver(channelDriverId, { type: 'denied', re: request.id, reason: mismatch });
    return false;
  }
  if (core.driverRequestIds.seen(`${request.driverId}:${request.id}`)) {
    core.log('debug', `duplicate ${request.type} request ${request.id} from ${request.driverId}; ignored`);
    return false;
  }
  // A revoked driver may still be connected (an MQTT login is checked once): only its acks get through.
  if (request.type !== 'ack' && core.state.driver(request.driverId)?.blocked) {
    core.toDriver(request.driverId, { type: 'denied', re: request.id, reason: blockedReason(request.driverId) });
    return false;
  }
  return true;
}

export function blockedReason(driverId: string): string {
  return `driver ${driverId} is blocked (its token was revoked); ask the operator for a new one`;
}
