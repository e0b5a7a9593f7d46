import { EventEmitter } from 'node:events';
import { acceptPending, blockDriver, compareIds, provisionDriver, removeCp, revokeRefusal, resetSecret, resumeAll, resumeCp, stopAll, stopCp, type CentralCore, type DriverView, type SessionView, type SubmitInput, type TicketFields } from '../core/index.ts';
import type { AddDriverOutcome, CentralEventLine, CentralOperations, CentralOperationsEvents, CentralStatus, RevokeDriverOutcome, SessionQuery } from '../operations.ts';
import type { DriverRegistry } from './driver-registry.ts';
import type { Rejections } from './rejections.ts';
import { generateSecret, type Store } from '../store/index.ts';
import type { EffectListener } from './core-inputs.ts';

export interface CentralServiceOptions {
  /** For synchronous reads only; inputs go through `submit`. */
  core: CentralCore;
  submit: SubmitInput;
  store: Store;
  status: () => CentralStatus;
  now: () => number;
  rejections: Rejections;
  /** Who the drivers are and their keys (driver-registry.ts). */
  drivers: DriverRegistry;
  /** Closes a revoked driver's open connections, where Central runs the broker (elsewhere its requests are refused). */
  disconnectDriver?: (driverId: string) => void;
}

/**
 * The app's side of the CentralOperations seam (central/operations.ts): views from the core,
 * operator commands through the same input queue as every bus and link message, and the
 * events the inputs report. Also CoreInputs' EffectListener.
 */
export class CentralService extends EventEmitter<CentralOperationsEvents> implements CentralOperations, EffectListener {
  readonly #options: CentralServiceOptions;

  constructor(options: CentralServiceOptions) {
    super();
    this.#options = options;
    options.rejections.on('rejected', (source, reason) => this.emit('rejected', source, reason));
  }

  rejectionCounts() {
    return this.#options.rejections.entries();
  }

  rejected(source: string, reason: string): void {
    this.#options.rejections.count(source, reason);
  }

  cpViews() {
    return this.#options.core.cpViews();
  }

  /** The core's drivers (sessions, blocked) and the registry's (tokens), merged. */
  driverViews(): DriverView[] {
    const views = new Map(this.#options.core.driverViews().map((view) => [view.id, { ...view, provisioned: false }]));
    for (const entry of this.#options.drivers.list()) {
      const view = views.get(entry.id) ?? { id: entry.id, blocked: entry.blocked, firstSeenMs: entry.firstSeenMs };
      views.set(entry.id, { ...view, provisioned: entry.provisioned });
    }
    return [...views.values()].sort(compareIds);
  }

  /** Through the input queue, so a revoke, an add and the driver's requests are taken one at a time. */
  async addDriver(driverId: string): Promise<AddDriverOutcome> {
    let result: AddDriverOutcome | undefined;
    await this.#options.submit(async (core) => {
      const added = await this.#options.drivers.add(driverId);
      if (!added) return void (result = { outcome: 'exists' });
      provisionDriver(core, driverId, 'the operator');
      result = { outcome: 'added', token: added.token };
    }, `operator add-driver ${driverId}`);
    if (!result) throw new Error(`driver ${driverId} could not be added; see Central's log`);
    return result;
  }

  async revokeDriver(driverId: string): Promise<RevokeDriverOutcome> {
    let result: RevokeDriverOutcome | undefined;
    await this.#options.submit(async (core) => {
      const refusal = revokeRefusal(core, driverId);
      if (refusal) return void (result = { outcome: 'in-session', ...refusal });
      const outcome = await this.#options.drivers.revoke(driverId, core.state.driver(driverId) !== undefined);
      if (outcome !== 'unknown') {
        blockDriver(core, driverId);
        this.#options.disconnectDriver?.(driverId);
      }
      result = { outcome };
    }, `operator revoke-driver ${driverId}`);
    if (!result) throw new Error(`driver ${driverId} could not be revoked; see Central's log`);
    return result;
  }

  /** Active and recent sessions from memory, older ones from the ledger (DESIGN §5), latest first. */
  async sessionViews(limit = 100): Promise<SessionView[]> {
    const inMemory = this.#options.core.sessionViews();
    const fromLedger = (await this.#options.store.latestSessions(limit)).map(ticketView);
    const byId = new Map<string, SessionView>();
    for (const view of [...fromLedger, ...inMemory]) byId.set(view.id, view);
    return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  /**
   * Active sessions from memory, then the ledger newest first. The ledger is in order of
   * ending, so the scan stops at the first session that ended before `fromMs`.
   */
  async findSessions(query: SessionQuery): Promise<SessionView[]> {
    const limit = query.limit ?? 100;
    const matches = (view: SessionView): boolean =>
      (query.cpId === undefined || view.cpId === query.cpId) &&
      (query.driverId === undefined || view.driverId === query.driverId) &&
      (query.fromMs === undefined || view.startedAt >= query.fromMs) &&
      (query.toMs === undefined || view.startedAt < query.toMs);
    const found = new Map<string, SessionView>();
    for (const view of this.#options.core.sessionViews()) if (matches(view)) found.set(view.id, view);
    const fromLedger: SessionView[] = [];
    for await (const line of this.#options.store.readLedger()) {
      if (line.kind !== 'session') continue;
      if (query.fromMs !== undefined && line.endedAt < query.fromMs) break;
      const view = ticketView(line);
      if (found.has(view.id) || !matches(view)) continue;
      found.set(view.id, view);
      fromLedger.push(view);
      if (fromLedger.length >= limit) break;
    }
    return [...found.values()].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  async stopCp(cpId: string, reason?: string): Promise<boolean> {
    if (!this.#options.core.hasCp(cpId)) return false;
    await this.#options.submit((core) => stopCp(core, cpId, reason), `operator stop ${cpId}`);
    return true;
  }

  async resumeCp(cpId: string): Promise<boolean> {
    if (!this.#options.core.hasCp(cpId)) return false;
    await this.#options.submit((core) => resumeCp(core, cpId), `operator resume ${cpId}`);
    return true;
  }

  async removeCp(cpId: string): Promise<boolean> {
    if (!this.#options.core.hasCp(cpId)) return false;
    await this.#options.submit((core) => removeCp(core, cpId), `operator remove ${cpId}`);
    return true;
  }

  pendingViews() {
    return this.#options.core.pendingViews();
  }

  async acceptCp(cpId: string): Promise<boolean> {
    let accepted = false;
    await this.#options.submit((core) => void (accepted = acceptPending(core, cpId)), `operator accept ${cpId}`);
    return accepted;
  }

  async resetSecret(cpId: string): Promise<string | undefined> {
    if (!this.#options.core.hasCp(cpId)) return undefined;
    const secret = generateSecret();
    await this.#options.submit((core) => resetSecret(core, cpId, secret), `operator reset-secret ${cpId}`);
    return secret;
  }

  stopAll(reason?: string): Promise<void> {
    return this.#options.submit((core) => stopAll(core, reason), 'operator stop all');
  }

  resumeAll(): Promise<void> {
    return this.#options.submit((core) => resumeAll(core), 'operator resume all');
  }

  status(): CentralStatus {
    return this.#options.status();
  }

  // ---- EffectListener ----

  cpUpdated(cpId: string): void {
    const view = this.#options.core.cpView(cpId);
    if (view) this.emit('cp-updated', view);
  }

  cpRemoved(cpId: string): void {
    this.emit('cp-removed', cpId);
  }

  pendingUpdated(): void {
    this.emit('pending-updated', this.pendingViews());
  }

  sessionEnded(ticket: TicketFields): void {
    this.emit('session-ended', ticketView(ticket));
  }

  logged(level: 'info' | 'warn', message: string, fields: Record<string, unknown> | undefined): void {
    const cpId = typeof fields?.cpId === 'string' ? fields.cpId : undefined;
    this.notice(level, message, cpId);
  }

  /** A line for the panel's feed and the dashboard's. */
  notice(level: 'info' | 'warn', text: string, cpId?: string): void {
    const line: CentralEventLine = { atMs: this.#options.now(), level, text, ...(cpId === undefined ? {} : { cpId }) };
    this.emit('event', line);
  }
}

function ticketView(ticket: TicketFields): SessionView {
  return {
    id: ticket.sessionId,
    cpId: ticket.cpId,
    driverId: ticket.driverId,
    state: 'ended',
    startedAt: ticket.startedAt,
    endedAt: ticket.endedAt,
    kWh: ticket.kWh,
    amount: ticket.amount,
    pricePerKwh: ticket.pricePerKwh,
    currency: ticket.currency,
    reason: ticket.reason,
  };
}
