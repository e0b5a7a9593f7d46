import { reserve, type CentralCore } from '../../../core/index.ts';
import type { DriverHandler } from '../types.ts';
import { admitRequest, blockedReason } from './admit.ts';

/**
 * `charge {driverId, cpId}` (DESIGN §4.5) → `accepted` + `authorized {plugInBy}` and
 * `authorize` to the Engine once the reservation is on disk, or `denied {reason}`.
 */
export const charge: DriverHandler<'charge'> = (context, channelDriverId, request) =>
  context.submit((core) => {
    if (!admitRequest(core, request, channelDriverId)) return;
    const deny = (reason: string) => core.toDriver(request.driverId, { type: 'denied', re: request.id, reason });
    const refusal = driverRefusal(core, request.driverId);
    if (refusal !== undefined) return deny(refusal);
    const cp = core.state.cp(request.cpId);
    if (!cp) return deny(`unknown CP ${request.cpId}`);
    const active = core.state.activeSessionOf(request.driverId);
    if (active?.requestId === request.id && active.status === 'reserved') {
      // The same request again (resent after a reconnect; a restart forgot its id): answer it again.
      core.toDriver(request.driverId, { type: 'accepted', re: request.id, sessionId: active.id });
      return core.toDriver(request.driverId, { type: 'authorized', sessionId: active.id, cpId: active.cpId, plugInBy: active.expiresAt });
    }
    if (active) return deny(`you already have session ${active.id} at ${active.cpId}; stop it first`);
    if (cp.state !== 'AVAILABLE') return deny(`${cp.config.id} is ${cp.state}, not AVAILABLE`);
    reserve(core, cp, request.driverId, request.id);
  }, `charge ${request.cpId} for ${request.driverId}`);

/** Why this driver may not charge, or undefined; records a first-seen driver under the open policy. */
function driverRefusal(core: CentralCore, driverId: string): string | undefined {
  const driver = core.state.driver(driverId);
  if (driver?.blocked) return blockedReason(driverId);
  if (driver) return undefined;
  if (core.options.driverPolicy === 'listed') return `driver ${driverId} is not registered here; contact the operator`;
  const record = { id: driverId, blocked: false, firstSeenMs: core.now() };
  core.state.putDriver(record);
  core.emit({ kind: 'persist-driver', driver: { ...record } });
  return undefined;
}
