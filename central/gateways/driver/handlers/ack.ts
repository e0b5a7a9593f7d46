import type { DriverHandler } from '../types.ts';
import { admitRequest } from './admit.ts';

/**
 * `ack {driverId, sessionId}` (DESIGN §4.5): the driver has shown that session's ticket, so
 * Central stops keeping and redelivering it. Only the ticket's own driver can release it
 * (admitRequest checks the channel); an ack for nothing held is a no-op.
 */
export const ack: DriverHandler<'ack'> = (context, channelDriverId, request) =>
  context.submit((core) => {
    if (!admitRequest(core, request, channelDriverId)) return;
    core.emit({ kind: 'release-ticket', driverId: request.driverId, sessionId: request.sessionId });
  }, `ack of ${request.sessionId} from ${request.driverId}`);
