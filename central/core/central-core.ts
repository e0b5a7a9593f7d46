import type { DeviceEvent, DriverRequest, Health, Hello, Telemetry } from '../../protocol/index.ts';
import { CoreContext, type CoreOptions } from './context.ts';
import { onDeviceEvent, onTelemetry } from './device-events.ts';
import { onDriverRequest } from './driver-requests.ts';
import type { Effect } from './effects.ts';
import type { CoreSnapshot, CpConfig, SessionRecord } from './model.ts';
import { resumeCp, stopCp } from './operator.ts';
import { addCp, checkHeartbeats, onHealth, onHello, onLinkClosed, type SecretCheck } from './registration.ts';
import { closeDueSessions } from './sessions.ts';
import { cpSummary, cpView, sessionView, type CpView, type SessionView } from './views.ts';
import type { CpSummary } from '../../protocol/index.ts';

/**
 * Central's pure core (DESIGN §3): CP states, registration, sessions, billing, operator
 * commands. No I/O, clock or randomness of its own: every input returns the effects the
 * edges carry out, in order (see `Effect`, `mustAwait`). Inputs are already-validated messages.
 */
export class CentralCore {
  readonly #ctx: CoreContext;

  constructor(options: CoreOptions) {
    this.#ctx = new CoreContext(options);
  }

  /**
   * Loads what the store kept. Every CP starts DISCONNECTED until its Monitor says hello;
   * sessions carry on and are reconciled with the Engine's next `state` event.
   */
  restore(snapshot: CoreSnapshot): Effect[] {
    const ctx = this.#ctx;
    return ctx.collect(() => {
      for (const stored of snapshot.cps) {
        const { lastState: _lastState, lastSeenMs, operatorStopped, ...config } = stored;
        const cp = addCp(ctx, config);
        cp.operatorStopped = operatorStopped;
        if (lastSeenMs !== undefined) cp.lastSeenMs = lastSeenMs;
      }
      for (const driver of snapshot.drivers) ctx.drivers.set(driver.id, { ...driver });
      for (const ticket of [...(snapshot.recentTickets ?? [])].reverse()) {
        const { sessionId, durationS: _durationS, location: _location, ...rest } = ticket;
        ctx.remember({ ...rest, id: sessionId, status: 'ended', requestId: '', authorizedAt: rest.startedAt, expiresAt: rest.startedAt, kW: 0 });
      }
      for (const stored of snapshot.sessions) {
        const { status, ...rest } = stored;
        const session: SessionRecord = { ...rest, status };
        ctx.sessions.set(session.id, session);
        ctx.activeByDriver.set(session.driverId, session.id);
        const cp = ctx.cps.get(session.cpId);
        if (cp) cp.sessionId = session.id;
        else ctx.log('warn', `restored session ${session.id} names unknown CP ${session.cpId}`);
        if (status === 'reserved') ctx.emit({ kind: 'schedule-tick', atMs: session.expiresAt, reason: `reservation ${session.id} expires` });
      }
    });
  }

  // ---- Monitor link (TCP gateway), DESIGN §4.2 ----

  /** A validated `hello` on link `linkId`; `secret` is the store's verdict (`store.checkSecret`). */
  monitorHello(linkId: string, hello: Hello, secret: SecretCheck): Effect[] {
    return this.#ctx.collect(() => onHello(this.#ctx, linkId, hello, secret));
  }

  monitorHealth(linkId: string, health: Health): Effect[] {
    return this.#ctx.collect(() => onHealth(this.#ctx, linkId, health));
  }

  monitorLinkClosed(linkId: string): Effect[] {
    return this.#ctx.collect(() => onLinkClosed(this.#ctx, linkId));
  }

  // ---- Device bus, DESIGN §4.4 (cpId = the topic's or Kafka key's) ----

  deviceEvent(cpId: string, event: DeviceEvent): Effect[] {
    return this.#ctx.collect(() => onDeviceEvent(this.#ctx, cpId, event));
  }

  deviceTelemetry(cpId: string, telemetry: Telemetry): Effect[] {
    return this.#ctx.collect(() => onTelemetry(this.#ctx, cpId, telemetry));
  }

  // ---- Driver bus, DESIGN §4.5 ----

  /** `channelDriverId`: the driver the topic (MQTT) or key (Kafka) proves; a mismatch is denied. */
  driverRequest(request: DriverRequest, channelDriverId?: string): Effect[] {
    return this.#ctx.collect(() => onDriverRequest(this.#ctx, request, channelDriverId));
  }

  // ---- Operator, DESIGN §1, §6 (check `hasCp` first for a 404) ----

  stopCp(cpId: string, reason?: string): Effect[] {
    const cp = this.#ctx.cps.get(cpId);
    return this.#ctx.collect(() => (cp ? stopCp(this.#ctx, cp, 'one', reason) : this.#ctx.log('warn', `stop: unknown CP ${cpId}`)));
  }

  stopAll(reason?: string): Effect[] {
    return this.#ctx.collect(() => {
      for (const cp of this.#ctx.cps.values()) stopCp(this.#ctx, cp, 'all', reason);
    });
  }

  resumeCp(cpId: string): Effect[] {
    const cp = this.#ctx.cps.get(cpId);
    return this.#ctx.collect(() => (cp ? resumeCp(this.#ctx, cp, 'one') : this.#ctx.log('warn', `resume: unknown CP ${cpId}`)));
  }

  resumeAll(): Effect[] {
    return this.#ctx.collect(() => {
      for (const cp of this.#ctx.cps.values()) resumeCp(this.#ctx, cp, 'all');
    });
  }

  /** A CP the operator added while Central runs (`store.addCp` already has its secret). */
  addCp(config: CpConfig): Effect[] {
    return this.#ctx.collect(() => void addCp(this.#ctx, config));
  }

  // ---- Time ----

  /** Time-driven work at `now()`: missed heartbeats, lapsed reservations, overdue end reports. */
  tick(): Effect[] {
    return this.#ctx.collect(() => {
      checkHeartbeats(this.#ctx);
      closeDueSessions(this.#ctx);
    });
  }

  // ---- Read model (HTTP, panel, metrics) ----

  hasCp(cpId: string): boolean {
    return this.#ctx.cps.has(cpId);
  }

  cpView(cpId: string): CpView | undefined {
    const cp = this.#ctx.cps.get(cpId);
    return cp ? cpView(cp, cp.sessionId === undefined ? undefined : this.#ctx.sessions.get(cp.sessionId)) : undefined;
  }

  /** Every CP, sorted by id. */
  cpViews(): CpView[] {
    return [...this.#ctx.cps.keys()].sort().map((id) => this.cpView(id)!);
  }

  cpSummaries(): CpSummary[] {
    return [...this.#ctx.cps.values()].map(cpSummary);
  }

  /** Active sessions and the recently finished ones kept in memory, latest first. */
  sessionViews(limit = Infinity): SessionView[] {
    const all = [...this.#ctx.sessions.values(), ...this.#ctx.ended.values()].map(sessionView);
    all.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
    return all.slice(0, limit);
  }

  /** What a store would persist now (for tests and a full rewrite). */
  snapshot(): CoreSnapshot {
    const ctx = this.#ctx;
    return {
      cps: [...ctx.cps.values()].map((cp) => ctx.cpSnapshot(cp)),
      drivers: [...ctx.drivers.values()].map((driver) => ({ ...driver })),
      sessions: [...ctx.sessions.values()].map((session) => ctx.sessionSnapshot(session)),
    };
  }
}
