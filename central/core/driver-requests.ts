import type { ChargeRequest, DriverRequest, ListCpsRequest, StatusRequest, StopRequest } from '../../protocol/index.ts';
import type { CoreContext } from './context.ts';
import { beginEnding, finish, reserve } from './sessions.ts';
import { cpSummary } from './views.ts';

/**
 * DESIGN §4.5: a request whose `driverId` differs from the one its channel proves
 * (MQTT topic / login, Kafka key) is denied. Returns the reason, or undefined when fine.
 */
export function checkDriverChannel(request: Pick<DriverRequest, 'driverId'>, channelDriverId: string | undefined): string | undefined {
  if (channelDriverId === undefined || channelDriverId === request.driverId) return undefined;
  return `request names driver ${request.driverId} but arrived on ${channelDriverId}'s channel`;
}

export function onDriverRequest(ctx: CoreContext, request: DriverRequest, channelDriverId?: string): void {
  const mismatch = checkDriverChannel(request, channelDriverId);
  if (mismatch !== undefined) {
    ctx.log('warn', mismatch, { requestId: request.id });
    return ctx.toDriver(channelDriverId!, { type: 'denied', re: request.id, reason: mismatch });
  }
  if (ctx.driverRequestIds.seen(`${request.driverId}:${request.id}`)) {
    return ctx.log('debug', `duplicate ${request.type} request ${request.id} from ${request.driverId}; ignored`);
  }
  switch (request.type) {
    case 'charge': return onCharge(ctx, request);
    case 'stop': return onStop(ctx, request);
    case 'list-cps': return onListCps(ctx, request);
    case 'status': return onStatus(ctx, request);
  }
}

function onCharge(ctx: CoreContext, request: ChargeRequest): void {
  const deny = (reason: string) => ctx.toDriver(request.driverId, { type: 'denied', re: request.id, reason });
  const refusal = driverRefusal(ctx, request.driverId);
  if (refusal !== undefined) return deny(refusal);
  const cp = ctx.cps.get(request.cpId);
  if (!cp) return deny(`unknown CP ${request.cpId}`);
  const activeId = ctx.activeByDriver.get(request.driverId);
  const active = activeId === undefined ? undefined : ctx.sessions.get(activeId);
  if (active) return deny(`you already have session ${active.id} at ${active.cpId}; stop it first`);
  if (cp.state !== 'AVAILABLE') return deny(`${cp.config.id} is ${cp.state}, not AVAILABLE`);
  reserve(ctx, cp, request.driverId, request.id);
}

function onStop(ctx: CoreContext, request: StopRequest): void {
  const deny = (reason: string) => ctx.toDriver(request.driverId, { type: 'denied', re: request.id, reason });
  const session = ctx.sessions.get(request.sessionId);
  if (!session || session.driverId !== request.driverId) {
    const ended = ctx.ended.get(request.sessionId);
    if (ended && ended.driverId === request.driverId) return deny(`session ${request.sessionId} already ended (${ended.reason})`);
    return deny(`you have no active session ${request.sessionId}`);
  }
  ctx.toDriver(request.driverId, { type: 'accepted', re: request.id, sessionId: session.id });
  if (session.status === 'reserved') {
    ctx.toDevice(session.cpId, { type: 'cancel', sessionId: session.id });
    return finish(ctx, session, { reason: 'driver-stop', endedAt: ctx.now() });
  }
  // The Engine meters the energy: ask it to end, wait for its session-ended (sessions.ts).
  ctx.toDevice(session.cpId, { type: 'end-session', sessionId: session.id, reason: 'driver-stop' });
  beginEnding(ctx, session, 'driver-stop', ctx.options.endReportTimeoutMs);
}

function onListCps(ctx: CoreContext, request: ListCpsRequest): void {
  const list = [...ctx.cps.values()].map(cpSummary);
  ctx.toDriver(request.driverId, { type: 'cps', re: request.id, list });
}

function onStatus(ctx: CoreContext, request: StatusRequest): void {
  const cp = ctx.cps.get(request.cpId);
  if (!cp) return ctx.toDriver(request.driverId, { type: 'denied', re: request.id, reason: `unknown CP ${request.cpId}` });
  ctx.toDriver(request.driverId, { type: 'cp-state', re: request.id, cpId: cp.config.id, state: cp.state });
}

/** Why this driver may not charge, or undefined; records a first-seen driver under the open policy. */
function driverRefusal(ctx: CoreContext, driverId: string): string | undefined {
  const driver = ctx.drivers.get(driverId);
  if (driver?.blocked) return `driver ${driverId} is blocked; contact the operator`;
  if (driver) return undefined;
  if (ctx.options.driverPolicy === 'listed') return `driver ${driverId} is not registered here; contact the operator`;
  const record = { id: driverId, blocked: false, firstSeenMs: ctx.now() };
  ctx.drivers.set(driverId, record);
  ctx.emit({ kind: 'persist-driver', driver: { ...record } });
  return undefined;
}
