import type { DeviceCommand, DriverEvent } from '../../protocol/index.ts';
import { deriveCpState } from './cp-state.ts';
import { RecentIds } from './dedup.ts';
import { DEFAULT_CURRENCY } from './billing.ts';
import type { Effect } from './effects.ts';
import type { CpRecord, CpSnapshot, DriverRecord, SessionRecord, SessionSnapshot } from './model.ts';

export interface CoreOptions {
  /** Epoch-ms clock; the core never reads one itself. */
  now: () => number;
  /** Fresh unique ids for sessions and outgoing messages. */
  newId: () => string;
  /** `open`: an unknown CP registers with its secret on first hello (trust on first use). Default `open`. */
  registration?: 'open' | 'closed';
  /** `open`: any driver not blocked may charge (first seen = recorded); `listed`: only known drivers. Default `open`. */
  driverPolicy?: 'open' | 'listed';
  /** Told to Monitors in `welcome` (DESIGN §4.2). Default 1000. */
  heartbeatMs?: number;
  /** Heartbeats missed before a CP is DISCONNECTED (DESIGN §4.2). Default 3. */
  missedHeartbeats?: number;
  /** How long a reservation waits for plug-in (DESIGN §2). Default 60 000. */
  reservationMs?: number;
  /** How long Central waits for the Engine's `session-ended` after a stop, fault or driver stop. Default 3000. */
  endReportTimeoutMs?: number;
  /** After a restart, how long Central waits for a lost session's `session-ended` from the Engine's outbox. Default 30 000. */
  orphanTimeoutMs?: number;
  currency?: string;
  /** Price of a CP that registers without one. Default 0.35. */
  defaultPricePerKwh?: number;
  /** Request/event ids remembered for dedup, per channel. Default 10 000. */
  dedupCapacity?: number;
  /** Finished sessions kept in memory for views and late reports. Default 500. */
  recentSessions?: number;
}

export type ResolvedOptions = Required<CoreOptions>;

/** A message body: the caller supplies the fields, the context the envelope (id, ts). */
export type Body<M> = M extends unknown ? Omit<M, 'id' | 'ts'> : never;

/**
 * The core's state and the helpers every handler shares. Handlers mutate it and push
 * effects; `collect` hands them to the caller. Internal to central/core.
 */
export class CoreContext {
  readonly options: ResolvedOptions;
  readonly cps = new Map<string, CpRecord>();
  /** Active sessions (reserved, charging, ending). */
  readonly sessions = new Map<string, SessionRecord>();
  /** Recently finished sessions, oldest first, bounded by `recentSessions`. */
  readonly ended = new Map<string, SessionRecord>();
  readonly drivers = new Map<string, DriverRecord>();
  /** Monitor link id → CP id, for links that said hello and are live. */
  readonly links = new Map<string, string>();
  /** Driver id → their active session id. */
  readonly activeByDriver = new Map<string, string>();
  readonly driverRequestIds: RecentIds;
  readonly deviceEventIds: RecentIds;
  #effects: Effect[] = [];

  constructor(options: CoreOptions) {
    this.options = {
      registration: 'open',
      driverPolicy: 'open',
      heartbeatMs: 1000,
      missedHeartbeats: 3,
      reservationMs: 60_000,
      endReportTimeoutMs: 3000,
      orphanTimeoutMs: 30_000,
      currency: DEFAULT_CURRENCY,
      defaultPricePerKwh: 0.35,
      dedupCapacity: 10_000,
      recentSessions: 500,
      ...options,
    };
    this.driverRequestIds = new RecentIds(this.options.dedupCapacity);
    this.deviceEventIds = new RecentIds(this.options.dedupCapacity);
  }

  now(): number {
    return this.options.now();
  }

  /** Runs one input and returns the effects it produced, in order. */
  collect(run: () => void): Effect[] {
    const outer = this.#effects;
    this.#effects = [];
    try {
      run();
      return this.#effects;
    } finally {
      this.#effects = outer;
    }
  }

  emit(effect: Effect): void {
    this.#effects.push(effect);
  }

  log(level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>): void {
    this.emit(fields ? { kind: 'log', level, message, fields } : { kind: 'log', level, message });
  }

  toDriver(driverId: string, body: Body<DriverEvent>): void {
    const message = { ...body, id: this.options.newId(), ts: this.now() } as DriverEvent;
    this.emit({ kind: 'send-driver', driverId, message });
  }

  toDevice(cpId: string, body: Body<DeviceCommand>): void {
    const message = { ...body, id: this.options.newId(), ts: this.now() } as DeviceCommand;
    this.emit({ kind: 'send-device', cpId, message });
  }

  /** True while the CP's Monitor link is bound and its heartbeats are fresh (DESIGN §4.2). */
  linkFresh(cp: CpRecord): boolean {
    if (cp.linkId === undefined || cp.lastSeenMs === undefined) return false;
    return this.now() - cp.lastSeenMs <= this.options.heartbeatMs * this.options.missedHeartbeats;
  }

  /** Recomputes the CP's state; on a change persists it, tells views and the driver at the CP. */
  refresh(cp: CpRecord): void {
    const session = cp.sessionId === undefined ? undefined : this.sessions.get(cp.sessionId);
    const next = deriveCpState({
      linkUp: cp.linkId !== undefined,
      health: cp.health,
      engineState: cp.engineState,
      operatorStopped: cp.operatorStopped,
      session: session === undefined ? undefined : session.status === 'reserved' ? 'reserved' : 'charging',
    });
    if (next === cp.state) return;
    const previous = cp.state;
    cp.state = next;
    this.log('info', `${cp.config.id} ${previous} → ${next}`, { cpId: cp.config.id, from: previous, to: next });
    this.emit({ kind: 'persist-cp', cp: this.cpSnapshot(cp) });
    this.emit({ kind: 'cp-updated', cpId: cp.config.id });
    if (session) this.toDriver(session.driverId, { type: 'cp-state', cpId: cp.config.id, state: next });
  }

  cpSnapshot(cp: CpRecord): CpSnapshot {
    const snapshot: CpSnapshot = { ...structuredClone(cp.config), lastState: cp.state, operatorStopped: cp.operatorStopped };
    if (cp.lastSeenMs !== undefined) snapshot.lastSeenMs = cp.lastSeenMs;
    return snapshot;
  }

  sessionSnapshot(session: SessionRecord): SessionSnapshot {
    const snapshot: SessionSnapshot = {
      id: session.id,
      cpId: session.cpId,
      driverId: session.driverId,
      status: session.status === 'reserved' ? 'reserved' : 'charging',
      requestId: session.requestId,
      authorizedAt: session.authorizedAt,
      expiresAt: session.expiresAt,
      pricePerKwh: session.pricePerKwh,
      currency: session.currency,
      kW: session.kW,
      kWh: session.kWh,
    };
    if (session.startedAt !== undefined) snapshot.startedAt = session.startedAt;
    return snapshot;
  }

  /** Keeps a finished session for views and late Engine reports, forgetting the oldest. */
  remember(session: SessionRecord): void {
    this.ended.delete(session.id);
    this.ended.set(session.id, session);
    if (this.ended.size > this.options.recentSessions) {
      const oldest = this.ended.keys().next().value as string;
      this.ended.delete(oldest);
    }
  }
}
