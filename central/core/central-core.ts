import type { PendingCpView } from './pending.ts';
import type { CpSummary, DeviceCommand, DriverEvent } from '../../protocol/index.ts';
import { ENERGY_BOUND } from './plausibility.ts';
import { DEFAULT_CURRENCY } from './billing.ts';
import { cpStateInputs, deriveCpState, notLiveReason } from './cp-state.ts';
import { RecentIds } from '../../base/recent-ids.ts';
import type { Effect } from './effects.ts';
import type { CoreSnapshot, CpRecord, CpSnapshot, SessionRecord, SessionSnapshot } from './model.ts';
import { CentralState } from './state.ts';
import { compareIds, cpSummary, cpView, sessionView, type CpView, type DriverView, type SessionView } from './views.ts';

export interface CoreOptions {
  /** Epoch-ms clock; the core never reads one itself. */
  now: () => number;
  /** Fresh unique ids for sessions and outgoing messages. */
  newId: () => string;
  /**
   * `open`: an unknown CP registers with its secret on first hello (trust on first use);
   * `approve`: it waits as PENDING for an operator; `closed`: only add-cp's CPs. Default `open`.
   */
  registration?: 'open' | 'closed' | 'approve';
  /** `open`: any driver not blocked may charge (first seen = recorded); `listed`: only known drivers. Default `open`. */
  driverPolicy?: 'open' | 'listed';
  /** Told to Monitors in `welcome` (DESIGN §4.2). Default 1000. */
  heartbeatMs?: number;
  /** The device-bus URL told to Monitors in `welcome` (no credentials), once the buses are up (DESIGN §4.2). */
  deviceBusForCps?: () => string | undefined;
  /**
   * False for a device bus with no presence (Kafka: no last will, no retained `online`), where a Central
   * that restarted could never learn that an idle Engine is there; the Monitor's link then stands for it.
   * Default true.
   */
  deviceBusHasPresence?: boolean;
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
  /**
   * When a frame last arrived on a Monitor link, stamped by the gateway as it arrived (its own
   * path, never behind the input queue: issue 11). Default: only what the core itself saw.
   */
  heardFrom?: (linkId: string) => number | undefined;
  /** Seconds of charging granted beyond what Central saw when bounding a CP's energy (plausibility.ts). Default 2. */
  energySlackS?: number;
}

export type ResolvedOptions = Required<CoreOptions>;

/** A message body: the caller supplies the fields, the core the envelope (id, ts). */
export type Body<M> = M extends unknown ? Omit<M, 'id' | 'ts'> : never;

/**
 * Central's pure core (DESIGN §3): the records (`state`, one owner), the options, and the
 * effects an input produced. No I/O, clock or randomness of its own. One input runs at a
 * time (central/app/core-inputs.ts): the message handlers (central/gateways/{device,driver,monitor}/handlers)
 * and the core's own operations (sessions, links, operator, restore) change the state and
 * `emit` effects; `takeEffects` hands them to the edge that carries them out, in order
 * (see `Effect`, `mustAwait`).
 */
export class CentralCore {
  readonly options: ResolvedOptions;
  readonly state: CentralState;
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
      heardFrom: () => undefined,
      deviceBusForCps: () => undefined,
      deviceBusHasPresence: true,
      energySlackS: ENERGY_BOUND.slackS,
      ...options,
    };
    this.state = new CentralState(this.options.recentSessions);
    this.driverRequestIds = new RecentIds(this.options.dedupCapacity);
    this.deviceEventIds = new RecentIds(this.options.dedupCapacity);
  }

  now(): number {
    return this.options.now();
  }

  // ---- effects ----

  /** The effects emitted since the last call, in order. */
  takeEffects(): Effect[] {
    const effects = this.#effects;
    this.#effects = [];
    return effects;
  }

  /** Runs one synchronous input and returns its effects. */
  collect(run: (core: this) => void): Effect[] {
    run(this);
    return this.takeEffects();
  }

  emit(effect: Effect): void {
    this.#effects.push(effect);
  }

  /** A refused input (issue 9): logged with its reason and counted. */
  reject(source: 'monitor' | 'device' | 'driver', reason: string, message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, { ...fields, rejected: reason });
    this.emit({ kind: 'rejected', source, reason });
  }

  log(level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>): void {
    this.emit(fields ? { kind: 'log', level, message, fields } : { kind: 'log', level, message });
  }

  toDriver(driverId: string, body: Body<DriverEvent>): void {
    this.emit({ kind: 'send-driver', driverId, message: this.driverMessage(body) });
  }

  /** A driver event with its envelope, not yet sent (a ticket is held before it goes out). */
  driverMessage<B extends Body<DriverEvent>>(body: B): B & { id: string; ts: number } {
    return { ...body, id: this.options.newId(), ts: this.now() };
  }

  toDevice(cpId: string, body: Body<DeviceCommand>): void {
    const message = { ...body, id: this.options.newId(), ts: this.now() } as DeviceCommand;
    this.emit({ kind: 'send-device', cpId, message });
  }

  // ---- CP state ----

  /** True while the CP's Monitor link is bound and its heartbeats are fresh (DESIGN §4.2). */
  linkFresh(cp: CpRecord): boolean {
    if (cp.linkId === undefined) return false;
    const heard = this.lastHeard(cp.linkId, cp.lastSeenMs);
    if (heard === undefined) return false;
    return this.now() - heard <= this.options.heartbeatMs * this.options.missedHeartbeats;
  }

  /** The latest of what the core saw (`seenMs`) and when the gateway last heard the link. */
  lastHeard(linkId: string, seenMs: number | undefined): number | undefined {
    const heard = this.options.heardFrom(linkId);
    if (heard === undefined) return seenMs;
    return seenMs === undefined ? heard : Math.max(heard, seenMs);
  }

  /** Recomputes the CP's state; on a change persists it, tells views and the driver at the CP. */
  refresh(cp: CpRecord): void {
    const session = this.state.sessionAt(cp);
    const inputs = cpStateInputs(cp, session);
    const next = deriveCpState(inputs);
    // The reason shown with a CP that is not live changes without its state (issue 12): views hear of it too.
    const detail = notLiveReason(inputs, cp.linkEndedBy);
    const detailChanged = detail !== cp.detailShown;
    cp.detailShown = detail;
    if (next === cp.state) {
      if (detailChanged) this.emit({ kind: 'cp-updated', cpId: cp.config.id });
      return;
    }
    const previous = cp.state;
    cp.state = next;
    this.log('info', `${cp.config.id} ${previous} → ${next}`, { cpId: cp.config.id, from: previous, to: next });
    this.emit({ kind: 'persist-cp', cp: this.cpSnapshot(cp) });
    this.emit({ kind: 'cp-updated', cpId: cp.config.id });
    if (session) this.toDriver(session.driverId, { type: 'cp-state', cpId: cp.config.id, state: next });
  }

  // ---- what the store keeps ----

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

  /** What a store would persist now (for tests and a full rewrite). */
  snapshot(): CoreSnapshot {
    return {
      cps: this.state.cps().map((cp) => this.cpSnapshot(cp)),
      drivers: this.state.drivers().map((driver) => ({ ...driver })),
      sessions: this.state.activeSessions().map((session) => this.sessionSnapshot(session)),
    };
  }

  // ---- read model (HTTP, panel, metrics) ----

  hasCp(cpId: string): boolean {
    return this.state.hasCp(cpId);
  }

  cpView(cpId: string): CpView | undefined {
    const cp = this.state.cp(cpId);
    return cp ? cpView(cp, this.state.sessionAt(cp)) : undefined;
  }

  /** Every CP, sorted by id. */
  cpViews(): CpView[] {
    return this.state
      .cps()
      .sort((a, b) => (a.config.id < b.config.id ? -1 : a.config.id > b.config.id ? 1 : 0))
      .map((cp) => cpView(cp, this.state.sessionAt(cp)));
  }

  /** CPs waiting for an operator under registration approve, sorted by id. */
  pendingViews(): PendingCpView[] {
    return [...this.state.pendingCps.values()].sort(compareIds).map((view) => ({ ...view }));
  }

  /** Every driver Central has seen, sorted by id, with its active session if any. */
  driverViews(): DriverView[] {
    return this.state
      .drivers()
      .sort(compareIds)
      .map((driver) => {
        const session = this.state.activeSessionOf(driver.id);
        const view: DriverView = { id: driver.id, blocked: driver.blocked, firstSeenMs: driver.firstSeenMs };
        if (session) Object.assign(view, { sessionId: session.id, cpId: session.cpId });
        return view;
      });
  }

  cpSummaries(): CpSummary[] {
    return this.state.cps().map(cpSummary);
  }

  /** Active sessions and the recently finished ones kept in memory, latest first. */
  sessionViews(limit = Infinity): SessionView[] {
    const all = [...this.state.activeSessions(), ...this.state.endedSessions()].map(sessionView);
    all.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
    return all.slice(0, limit);
  }
}
