import { RecentIds } from '../../base/recent-ids.ts';
import type { PendingCpView } from './pending.ts';
import { cpStateInputs, deriveCpState } from './cp-state.ts';
import type { CpConfig, CpRecord, DriverRecord, SessionRecord } from './model.ts';

const ENGINES_HEARD_BEFORE_HELLO = 10_000;

/** The fields only CentralState may set: they link records to each other and to the indexes. */
type Links = { -readonly [K in 'sessionId' | 'linkId']: CpRecord[K] };

/**
 * The one owner of Central's records: CPs, active and recently ended sessions, drivers,
 * Monitor links, and the indexes between them. Everything that would break a cross-record
 * invariant goes through a method here, so the invariants hold after every call:
 * - a CP has at most one active session, and its `sessionId` names that session;
 * - a driver has at most one active session (`activeSessionOf`);
 * - a live link speaks for one CP, and that CP's `linkId` names it.
 * Other fields of a record (health, figures, status) are the handlers' to change.
 */
export class CentralState {
  readonly #cps = new Map<string, CpRecord>();
  /** Active sessions (reserved, charging, ending). */
  readonly #sessions = new Map<string, SessionRecord>();
  /** Recently finished sessions, oldest first, bounded by `recentSessions`. */
  readonly #ended = new Map<string, SessionRecord>();
  readonly #drivers = new Map<string, DriverRecord>();
  /** Monitor link id → CP id, for links that said hello and are live. */
  readonly #links = new Map<string, string>();
  /** Driver id → their active session id. */
  readonly #activeByDriver = new Map<string, string>();
  readonly #recentSessions: number;
  /** Under registration approve: CPs waiting for the operator, and those accepted until their next hello. */
  readonly pendingCps = new Map<string, PendingCpView>();
  /**
   * CPs whose Engine said it is online on the device bus before their first hello (the retained
   * `online` can arrive first): the flag is applied when the CP is added. Bounded, oldest dropped.
   */
  readonly #engineOnlineBeforeCp = new RecentIds(ENGINES_HEARD_BEFORE_HELLO);

  constructor(recentSessions: number) {
    this.#recentSessions = recentSessions;
  }

  // ---- CPs ----

  cp(cpId: string): CpRecord | undefined {
    return this.#cps.get(cpId);
  }

  hasCp(cpId: string): boolean {
    return this.#cps.has(cpId);
  }

  /** Every CP, in the order they were added. */
  cps(): CpRecord[] {
    return [...this.#cps.values()];
  }

  /** Adds a CP, or replaces the config of a known one (its runtime state stays). */
  putCp(config: CpConfig): CpRecord {
    const existing = this.#cps.get(config.id);
    if (existing) {
      existing.config = structuredClone(config);
      return existing;
    }
    const cp: CpRecord = { config: structuredClone(config), operatorStopped: false, state: 'DISCONNECTED' };
    if (this.#engineOnlineBeforeCp.has(config.id)) cp.engineOnBus = true;
    this.#engineOnlineBeforeCp.forget(config.id);
    this.#cps.set(config.id, cp);
    return cp;
  }

  /** The Engine of a CP not (yet) known said it is on or off the device bus. */
  noteEngineOnlineBeforeCp(cpId: string, online: boolean): void {
    if (online) this.#engineOnlineBeforeCp.seen(cpId);
    else this.#engineOnlineBeforeCp.forget(cpId);
  }

  /** Forgets a CP that has no active session and no link any more (the operator removed it). */
  removeCp(cpId: string): void {
    const cp = this.#cps.get(cpId);
    if (!cp) return;
    if (cp.sessionId !== undefined || cp.linkId !== undefined) throw new Error(`${cpId} still has a session or a link; end them first`);
    this.#cps.delete(cpId);
  }

  // ---- Monitor links ----

  cpOnLink(linkId: string): CpRecord | undefined {
    const cpId = this.#links.get(linkId);
    return cpId === undefined ? undefined : this.#cps.get(cpId);
  }

  bindLink(cp: CpRecord, linkId: string): void {
    if (cp.linkId !== undefined && cp.linkId !== linkId) this.#links.delete(cp.linkId);
    this.#links.set(linkId, cp.config.id);
    (cp as Links).linkId = linkId;
  }

  /** Forgets the link; the CP it spoke for (if still bound to it) loses its link. */
  dropLink(linkId: string): CpRecord | undefined {
    const cp = this.cpOnLink(linkId);
    this.#links.delete(linkId);
    if (!cp || cp.linkId !== linkId) return undefined;
    delete (cp as Links).linkId;
    return cp;
  }

  // ---- sessions ----

  /** An active (reserved, charging or ending) session. */
  session(sessionId: string): SessionRecord | undefined {
    return this.#sessions.get(sessionId);
  }

  /** A recently finished session. */
  endedSession(sessionId: string): SessionRecord | undefined {
    return this.#ended.get(sessionId);
  }

  activeSessions(): SessionRecord[] {
    return [...this.#sessions.values()];
  }

  endedSessions(): SessionRecord[] {
    return [...this.#ended.values()];
  }

  sessionAt(cp: CpRecord): SessionRecord | undefined {
    return cp.sessionId === undefined ? undefined : this.#sessions.get(cp.sessionId);
  }

  activeSessionOf(driverId: string): SessionRecord | undefined {
    const sessionId = this.#activeByDriver.get(driverId);
    return sessionId === undefined ? undefined : this.#sessions.get(sessionId);
  }

  /** A new active session; throws when its CP or driver already has one (a handler's bug, not input). */
  openSession(session: SessionRecord): void {
    const cp = this.#cps.get(session.cpId);
    if (!cp) throw new Error(`session ${session.id} names unknown CP ${session.cpId}`);
    if (this.sessionAt(cp)) throw new Error(`${session.cpId} already has session ${cp.sessionId}`);
    if (this.activeSessionOf(session.driverId)) throw new Error(`driver ${session.driverId} already has an active session`);
    this.#activate(session, cp);
  }

  /**
   * A session the store kept (DESIGN §5). Kept even when it breaks an invariant (a damaged
   * store loses nothing); the return says which CP it could not be tied to, for a warning.
   */
  restoreSession(session: SessionRecord): 'ok' | 'unknown-cp' {
    const cp = this.#cps.get(session.cpId);
    this.#activate(session, cp);
    return cp ? 'ok' : 'unknown-cp';
  }

  /** Moves an active session to the recently ended ones, freeing its CP and driver. */
  closeSession(session: SessionRecord): void {
    this.#sessions.delete(session.id);
    if (this.#activeByDriver.get(session.driverId) === session.id) this.#activeByDriver.delete(session.driverId);
    const cp = this.#cps.get(session.cpId);
    if (cp?.sessionId === session.id) delete (cp as Links).sessionId;
    this.remember(session);
  }

  /** Keeps a finished session for views and late Engine reports, forgetting the oldest. */
  remember(session: SessionRecord): void {
    this.#ended.delete(session.id);
    this.#ended.set(session.id, session);
    if (this.#ended.size > this.#recentSessions) {
      const oldest = this.#ended.keys().next().value as string;
      this.#ended.delete(oldest);
    }
  }

  #activate(session: SessionRecord, cp: CpRecord | undefined): void {
    this.#sessions.set(session.id, session);
    this.#activeByDriver.set(session.driverId, session.id);
    if (cp) (cp as Links).sessionId = session.id;
  }

  // ---- drivers ----

  driver(driverId: string): DriverRecord | undefined {
    return this.#drivers.get(driverId);
  }

  drivers(): DriverRecord[] {
    return [...this.#drivers.values()];
  }

  putDriver(driver: DriverRecord): void {
    this.#drivers.set(driver.id, driver);
  }

  // ---- invariants ----

  /** What is broken, if anything (the property test checks this after every input). */
  violations(): string[] {
    const found: string[] = [];
    const perCp = new Map<string, string>();
    const perDriver = new Map<string, string>();
    for (const session of this.#sessions.values()) {
      if (session.status === 'ended') found.push(`ended session ${session.id} is still active`);
      if (this.#ended.has(session.id)) found.push(`session ${session.id} is both active and ended`);
      const otherAtCp = perCp.get(session.cpId);
      if (otherAtCp !== undefined) found.push(`${session.cpId} has two active sessions: ${otherAtCp}, ${session.id}`);
      perCp.set(session.cpId, session.id);
      const otherOfDriver = perDriver.get(session.driverId);
      if (otherOfDriver !== undefined) found.push(`${session.driverId} has two active sessions: ${otherOfDriver}, ${session.id}`);
      perDriver.set(session.driverId, session.id);
      if (this.#activeByDriver.get(session.driverId) !== session.id) found.push(`driver index misses ${session.id}`);
      const cp = this.#cps.get(session.cpId);
      if (cp && cp.sessionId !== session.id) found.push(`${session.cpId} does not name its session ${session.id}`);
    }
    for (const [driverId, sessionId] of this.#activeByDriver) {
      if (this.#sessions.get(sessionId)?.driverId !== driverId) found.push(`driver index names ${sessionId} for ${driverId}`);
    }
    for (const [linkId, cpId] of this.#links) {
      if (this.#cps.get(cpId)?.linkId !== linkId) found.push(`link ${linkId} speaks for ${cpId}, which is not bound to it`);
    }
    for (const cp of this.#cps.values()) {
      const id = cp.config.id;
      if (cp.sessionId !== undefined && this.#sessions.get(cp.sessionId)?.cpId !== id) found.push(`${id} names ${cp.sessionId}, not its session`);
      if (cp.linkId !== undefined && this.#links.get(cp.linkId) !== id) found.push(`${id} names link ${cp.linkId}, which is not its`);
      const derived = deriveCpState(cpStateInputs(cp, this.sessionAt(cp)));
      if (derived !== cp.state) found.push(`${id} shows ${cp.state}, its inputs say ${derived}`);
    }
    return found;
  }
}
