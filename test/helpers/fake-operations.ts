// An in-memory CentralOperations for testing Central's user interfaces (HTTP, dashboard,
// panel) without the core, store or buses. It implements the real interface; tests drive
// it with `putCp`, `endSession` and `log`, and read back the operator calls it received.
import { EventEmitter } from 'node:events';
import type { AddDriverOutcome, CentralEventLine, CentralOperations, CentralOperationsEvents, CentralStatus, RejectionCount, RevokeDriverOutcome, SessionQuery } from '../../central/operations.ts';
import type { CpView, DriverView, PendingCpView, SessionView } from '../../central/core/index.ts';

export const T0_MS = 1_700_000_000_000;

export function aCpView(overrides: Partial<CpView> = {}): CpView {
  return { id: 'CP1', state: 'AVAILABLE', location: 'Lab 1', pricePerKwh: 0.35, ...overrides };
}

export function aChargingCpView(overrides: Partial<CpView> = {}): CpView {
  return aCpView({ state: 'CHARGING', sessionId: 'S1', driverId: 'D1', kW: 7.4, kWh: 3.25, amount: 3.25 * 0.35, ...overrides });
}

export function aSessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 'S1',
    cpId: 'CP1',
    driverId: 'D1',
    state: 'ended',
    startedAt: T0_MS,
    endedAt: T0_MS + 600_000,
    kWh: 7.4,
    amount: 7.4 * 0.35,
    pricePerKwh: 0.35,
    currency: 'EUR',
    reason: 'unplugged',
    ...overrides,
  };
}

export function aStatus(overrides: Partial<CentralStatus> = {}): CentralStatus {
  return {
    startedAtMs: T0_MS,
    monitorPort: 7070,
    deviceBus: 'embedded (mqtt://0.0.0.0:1883)',
    driverBus: 'embedded (mqtt://0.0.0.0:1883)',
    monitorLinks: 0,
    registration: 'open',
    rejected: 0,
    ...overrides,
  };
}

export type OperatorCall =
  | { op: 'stopCp'; cpId: string; reason?: string }
  | { op: 'resumeCp'; cpId: string }
  | { op: 'stopAll'; reason?: string }
  | { op: 'resumeAll' }
  | { op: 'removeCp'; cpId: string }
  | { op: 'resetSecret'; cpId: string }
  | { op: 'acceptCp'; cpId: string }
  | { op: 'addDriver'; driverId: string }
  | { op: 'revokeDriver'; driverId: string };

export class FakeOperations extends EventEmitter<CentralOperationsEvents> implements CentralOperations {
  readonly #cps = new Map<string, CpView>();
  /** Latest first, as `sessionViews` returns them. */
  readonly #sessions: SessionView[] = [];
  readonly calls: OperatorCall[] = [];
  statusFacts: CentralStatus;

  constructor(options: { cps?: CpView[]; sessions?: SessionView[]; status?: Partial<CentralStatus> } = {}) {
    super();
    for (const cp of options.cps ?? []) this.#cps.set(cp.id, cp);
    this.#sessions.push(...(options.sessions ?? []));
    this.statusFacts = aStatus(options.status);
  }

  /** What `rejectionCounts()` answers; a test sets it. */
  rejections: RejectionCount[] = [];

  rejectionCounts(): RejectionCount[] {
    return this.rejections.map((entry) => ({ ...entry }));
  }

  rejected(source: string, reason: string): void {
    const entry = this.rejections.find((candidate) => candidate.source === source && candidate.reason === reason);
    if (entry) entry.count++;
    else this.rejections.push({ source, reason, count: 1 });
    this.statusFacts.rejected++;
    this.emit('rejected', source, reason);
  }

  cpViews(): CpView[] {
    return [...this.#cps.values()].sort((a, b) => a.id.localeCompare(b.id)).map((cp) => ({ ...cp }));
  }

  drivers: DriverView[] = [];

  driverViews(): DriverView[] {
    return this.drivers.map((driver) => ({ ...driver }));
  }

  /** Like the app: a driver with a token is refused, a new or revoked one gets `token-of-{id}`. */
  async addDriver(driverId: string): Promise<AddDriverOutcome> {
    this.calls.push({ op: 'addDriver', driverId });
    const known = this.drivers.find((driver) => driver.id === driverId);
    if (known?.provisioned) return { outcome: 'exists' };
    if (known) Object.assign(known, { blocked: false, provisioned: true });
    else this.drivers.push({ id: driverId, blocked: false, provisioned: true, firstSeenMs: T0_MS });
    return { outcome: 'added', token: `token-of-${driverId}` };
  }

  /** Like the app: refused while the driver is at a CP. */
  async revokeDriver(driverId: string): Promise<RevokeDriverOutcome> {
    this.calls.push({ op: 'revokeDriver', driverId });
    const known = this.drivers.find((driver) => driver.id === driverId);
    if (!known) return { outcome: 'unknown' };
    if (known.cpId !== undefined && known.sessionId !== undefined) return { outcome: 'in-session', sessionId: known.sessionId, cpId: known.cpId };
    if (known.blocked) return { outcome: 'already-revoked' };
    Object.assign(known, { blocked: true, provisioned: false });
    return { outcome: 'revoked' };
  }

  async sessionViews(limit?: number): Promise<SessionView[]> {
    const all = this.#sessions.map((session) => ({ ...session }));
    return limit === undefined ? all : all.slice(0, limit);
  }

  async findSessions(query: SessionQuery): Promise<SessionView[]> {
    return this.#sessions
      .filter(
        (s) =>
          (query.cpId === undefined || s.cpId === query.cpId) &&
          (query.driverId === undefined || s.driverId === query.driverId) &&
          (query.fromMs === undefined || s.startedAt >= query.fromMs) &&
          (query.toMs === undefined || s.startedAt < query.toMs),
      )
      .slice(0, query.limit ?? 100)
      .map((session) => ({ ...session }));
  }

  async stopCp(cpId: string, reason?: string): Promise<boolean> {
    this.calls.push(reason === undefined ? { op: 'stopCp', cpId } : { op: 'stopCp', cpId, reason });
    return this.#setState(cpId, 'STOPPED');
  }

  async resumeCp(cpId: string): Promise<boolean> {
    this.calls.push({ op: 'resumeCp', cpId });
    return this.#setState(cpId, 'AVAILABLE');
  }

  async stopAll(reason?: string): Promise<void> {
    this.calls.push(reason === undefined ? { op: 'stopAll' } : { op: 'stopAll', reason });
    for (const id of this.#cps.keys()) this.#setState(id, 'STOPPED');
  }

  async resumeAll(): Promise<void> {
    this.calls.push({ op: 'resumeAll' });
    for (const id of this.#cps.keys()) this.#setState(id, 'AVAILABLE');
  }

  async removeCp(cpId: string): Promise<boolean> {
    this.calls.push({ op: 'removeCp', cpId });
    if (!this.#cps.delete(cpId)) return false;
    this.emit('cp-removed', cpId);
    return true;
  }

  async resetSecret(cpId: string): Promise<string | undefined> {
    this.calls.push({ op: 'resetSecret', cpId });
    return this.#cps.has(cpId) ? `secret-of-${cpId}` : undefined;
  }

  readonly pending: PendingCpView[] = [];

  pendingViews(): PendingCpView[] {
    return this.pending.map((view) => ({ ...view }));
  }

  /** Like the app: an accepted CP stays listed, accepted, until its next hello (`registerPending`). */
  async acceptCp(cpId: string): Promise<boolean> {
    this.calls.push({ op: 'acceptCp', cpId });
    const view = this.pending.find((candidate) => candidate.id === cpId);
    if (!view) return false;
    view.acceptedAtMs ??= T0_MS;
    this.emit('pending-updated', this.pendingViews());
    return true;
  }

  /** A CP says hello under registration approve (again): listed as PENDING, and `pending-updated`. */
  putPending(view: PendingCpView): void {
    const at = this.pending.findIndex((candidate) => candidate.id === view.id);
    if (at >= 0) this.pending.splice(at, 1, view);
    else this.pending.push(view);
    this.emit('pending-updated', this.pendingViews());
  }

  /** The accepted CP's next hello: it leaves the pending list and is a CP. */
  registerPending(cpId: string, view: CpView): void {
    const at = this.pending.findIndex((candidate) => candidate.id === cpId);
    if (at >= 0) this.pending.splice(at, 1);
    this.emit('pending-updated', this.pendingViews());
    this.putCp(view);
  }

  status(): CentralStatus {
    return { ...this.statusFacts };
  }

  /** Adds or replaces a CP and emits `cp-updated`, as the app does on every change. */
  putCp(view: CpView): void {
    this.#cps.set(view.id, view);
    this.emit('cp-updated', { ...view });
  }

  /** Records a finished session (latest first) and emits `session-ended`. */
  endSession(view: SessionView): void {
    this.#sessions.unshift(view);
    this.emit('session-ended', { ...view });
  }

  log(text: string, extra: Partial<CentralEventLine> = {}): void {
    this.emit('event', { atMs: T0_MS, level: 'info', text, ...extra });
  }

  #setState(cpId: string, state: 'STOPPED' | 'AVAILABLE'): boolean {
    const cp = this.#cps.get(cpId);
    if (!cp) return false;
    if (state === 'AVAILABLE' && cp.state !== 'STOPPED') return true;
    const { sessionId: _s, driverId: _d, kW: _p, kWh: _e, amount: _a, ...rest } = cp;
    this.putCp({ ...rest, state });
    return true;
  }
}
