import type { DeviceEvent, SessionEnded, SessionStarted, StateEvent, Telemetry } from '../../protocol/index.ts';
import { amountFor } from './billing.ts';
import type { CoreContext } from './context.ts';
import type { CpRecord } from './model.ts';
import { beginEnding, endForCpCondition, finish, markStarted } from './sessions.ts';

/** Engine → Central on `evc/cp/{cpId}/events` (DESIGN §4.4). `cpId` is the topic's (or Kafka key's). */
export function onDeviceEvent(ctx: CoreContext, cpId: string, event: DeviceEvent): void {
  const duplicate = ctx.deviceEventIds.seen(`${cpId}:${event.id}`);
  const cp = ctx.cps.get(cpId);
  if (event.type === 'session-ended' && (duplicate || !cp)) {
    // Acknowledge again so the Engine's outbox clears even when our first ack was lost.
    ctx.toDevice(cpId, { type: 'ack', re: event.id });
    if (!cp) ctx.log('warn', `session-ended from unknown CP ${cpId}; acknowledged, not billed`, { sessionId: event.sessionId });
    return;
  }
  if (duplicate) return ctx.log('debug', `duplicate ${event.type} ${event.id} from ${cpId}; ignored`);
  if (!cp) return ctx.log('warn', `${event.type} from unknown CP ${cpId}; ignored`);
  switch (event.type) {
    case 'state': return onEngineState(ctx, cp, event);
    case 'session-started': return onSessionStarted(ctx, cp, event);
    case 'session-ended': return onSessionEnded(ctx, cp, event);
  }
}

/** Every second while charging (DESIGN §4.4): live figures and the driver's `progress`. */
export function onTelemetry(ctx: CoreContext, cpId: string, telemetry: Telemetry): void {
  const session = ctx.sessions.get(telemetry.sessionId);
  // Unknown, finished or not yet started (telemetry and events travel on different topics).
  if (!session || session.cpId !== cpId || session.status === 'reserved') return;
  if (telemetry.kWh < session.kWh) return; // an older reading overtaken by a newer one
  session.kW = telemetry.kW;
  session.kWh = telemetry.kWh;
  const amount = amountFor(session.kWh, session.pricePerKwh);
  ctx.toDriver(session.driverId, { type: 'progress', sessionId: session.id, kW: session.kW, kWh: session.kWh, amount });
  ctx.emit({ kind: 'cp-updated', cpId });
}

function onSessionStarted(ctx: CoreContext, cp: CpRecord, event: SessionStarted): void {
  const session = ctx.sessions.get(event.sessionId);
  if (session && session.cpId === cp.config.id) {
    if (session.status !== 'reserved') return;
    if (event.driverId !== session.driverId) {
      ctx.log('warn', `${cp.config.id} started ${session.id} for ${event.driverId}, authorized for ${session.driverId}`);
    }
    return markStarted(ctx, session, event.ts);
  }
  // A supply Central no longer stands behind (expired, stopped, or never authorized): end it.
  const ended = ctx.ended.get(event.sessionId);
  const reason = ended?.reason ?? 'fault';
  ctx.log('warn', `${cp.config.id} started ${event.sessionId}, which is not active here; ending it`, { reason });
  ctx.toDevice(cp.config.id, { type: 'end-session', sessionId: event.sessionId, reason });
}

/** The Engine's report is authoritative for energy and duration; acked once on disk (DESIGN §4.4, §5). */
function onSessionEnded(ctx: CoreContext, cp: CpRecord, event: SessionEnded): void {
  const session = ctx.sessions.get(event.sessionId);
  if (session && session.cpId === cp.config.id) {
    return finish(ctx, session, {
      reason: event.reason,
      endedAt: event.ts,
      energyKwh: event.kWh,
      durationS: event.durationS,
      ackEventId: event.id,
    });
  }
  ctx.toDevice(cp.config.id, { type: 'ack', re: event.id });
  const ended = ctx.ended.get(event.sessionId);
  if (!ended) return ctx.log('warn', `session-ended for unknown session ${event.sessionId} at ${cp.config.id}; acknowledged`);
  if (Math.abs(ended.kWh - event.kWh) > 1e-9) {
    // Central closed it first (Engine unreachable or its report overdue); the ticket stands.
    ctx.log('warn', `late session-ended for ${event.sessionId}: Engine metered ${event.kWh} kWh, ticket billed ${ended.kWh} kWh`, {
      sessionId: event.sessionId,
      engineKwh: event.kWh,
      billedKwh: ended.kWh,
    });
  }
}

/**
 * The Engine's own view. FAULTED feeds Central's state; the rest reconciles the Engine
 * towards what Central decided (stop flag, sessions) — e.g. after either side restarted.
 */
function onEngineState(ctx: CoreContext, cp: CpRecord, event: StateEvent): void {
  cp.engineState = event.state;
  if (event.sessionId === undefined) delete cp.engineSessionId;
  else cp.engineSessionId = event.sessionId;
  ctx.refresh(cp);
  if (event.state === 'FAULTED') endForCpCondition(ctx, cp, 'fault', true);

  if (cp.operatorStopped && event.state !== 'STOPPED' && event.state !== 'FAULTED') ctx.toDevice(cp.config.id, { type: 'stop' });
  if (!cp.operatorStopped && event.state === 'STOPPED') ctx.toDevice(cp.config.id, { type: 'resume' });

  const session = cp.sessionId === undefined ? undefined : ctx.sessions.get(cp.sessionId);
  if (session?.status === 'charging' && !(event.state === 'CHARGING' && event.sessionId === session.id)) {
    // The Engine has no such supply any more: its session-ended is on the way from its outbox.
    ctx.log('warn', `${cp.config.id} reports ${event.state} while ${session.id} is charging here; awaiting its session-ended`);
    beginEnding(ctx, session, 'fault', ctx.options.orphanTimeoutMs);
  }
  if (event.sessionId !== undefined && event.sessionId !== session?.id) {
    const ended = ctx.ended.get(event.sessionId);
    ctx.log('warn', `${cp.config.id} holds session ${event.sessionId}, which is not active here; withdrawing it`);
    if (event.state === 'RESERVED') ctx.toDevice(cp.config.id, { type: 'cancel', sessionId: event.sessionId });
    else ctx.toDevice(cp.config.id, { type: 'end-session', sessionId: event.sessionId, reason: ended?.reason ?? 'fault' });
  }
}
