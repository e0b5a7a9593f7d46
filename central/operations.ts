import type { EventEmitter } from 'node:events';
import type { CpView, DriverView, PendingCpView, SessionView } from './core/index.ts';

/** A line for the panel's event log and the dashboard's feed. */
export interface CentralEventLine {
  atMs: number;
  level: 'info' | 'warn';
  cpId?: string;
  text: string;
}

export interface CentralOperationsEvents {
  /** A CP's row changed (state or live figures). */
  'cp-updated': [view: CpView];
  /** The operator removed a CP. */
  'cp-removed': [cpId: string];
  /** The CPs waiting as PENDING (or accepted, until their next hello) changed: all of them, by id. */
  'pending-updated': [views: PendingCpView[]];
  /** A session finished: its final view (reason, kWh, amount). */
  'session-ended': [view: SessionView];
  /** Something worth a line in the panel / dashboard feed. */
  event: [line: CentralEventLine];
  /** An input was refused (issue 9: counted refusals). */
  rejected: [source: string, reason: string];
}

/**
 * The seam between Central's running app (gateways, store) and its user interfaces
 * (HTTP API, dashboard, terminal panel, metrics). The app implements it; the UIs only
 * read views, call operator commands and listen to events — they never touch the core,
 * the store or a bus directly.
 */
export interface CentralOperations extends EventEmitter<CentralOperationsEvents> {
  /** Every CP, sorted by id. */
  cpViews(): CpView[];
  /** Every driver Central knows (seen, provisioned or revoked), sorted by id. */
  driverViews(): DriverView[];
  /** A new driver, or a revoked one, gets a token, returned once (only a key derived from it is kept). */
  addDriver(driverId: string): Promise<AddDriverOutcome>;
  /** Revokes the driver's token: its next login or request is refused. Refused while it has a session. */
  revokeDriver(driverId: string): Promise<RevokeDriverOutcome>;
  /** Active sessions and history from the ledger, latest first. */
  sessionViews(limit?: number): Promise<SessionView[]>;
  /** Sessions matching every given field, latest first; reads the ledger only as far back as `fromMs`. */
  findSessions(query: SessionQuery): Promise<SessionView[]>;
  /** Operator stop (DESIGN §1: ends any supply, "Out of Order"). False for an unknown CP. */
  stopCp(cpId: string, reason?: string): Promise<boolean>;
  resumeCp(cpId: string): Promise<boolean>;
  stopAll(reason?: string): Promise<void>;
  /** Ends any supply, closes the link, forgets the CP and its secret. False for an unknown CP. */
  removeCp(cpId: string): Promise<boolean>;
  /** A new secret for the CP, returned once (only its hash is kept); undefined for an unknown CP. */
  resetSecret(cpId: string): Promise<string | undefined>;
  resumeAll(): Promise<void>;
  /** CPs waiting for an operator under registration approve (state PENDING; `acceptedAtMs` once accepted, until the next hello). */
  pendingViews(): PendingCpView[];
  /** Accepts a pending CP: its next hello registers it with the secret it presents. False if it is not pending. */
  acceptCp(cpId: string): Promise<boolean>;
  /** Bus and link facts for the panel header and /metrics. */
  status(): CentralStatus;
  /** Refused inputs so far, by source and reason (`evc_rejected_total`). */
  rejectionCounts(): RejectionCount[];
  /** Counts an input a UI refused (HTTP: a missing or wrong token) with the rest; emits `rejected`. */
  rejected(source: string, reason: string): void;
}

export type AddDriverOutcome = { outcome: 'added'; token: string } | { outcome: 'exists' };

export type RevokeDriverOutcome =
  | { outcome: 'revoked' | 'already-revoked' | 'unknown' }
  /** The driver has an active session (reserved or charging) at `cpId`: it must end first. */
  | { outcome: 'in-session'; sessionId: string; cpId: string };

/** A filter over sessions (`GET /api/sessions?cp=&driver=&day=`). */
export interface SessionQuery {
  cpId?: string;
  driverId?: string;
  /** Sessions that started at or after this time (epoch ms). */
  fromMs?: number;
  /** …and before this one. */
  toMs?: number;
  /** At most this many, latest first. Default 100. */
  limit?: number;
}

export interface CentralStatus {
  startedAtMs: number;
  monitorPort: number;
  httpUrl?: string;
  deviceBus: string;
  driverBus: string;
  monitorLinks: number;
  registration: 'open' | 'closed' | 'approve';
  /** Refused inputs since start (issue 9). */
  rejected: number;
}

/** Refused inputs of one kind (issue 9), counted by app/rejections.ts. */
export interface RejectionCount {
  /** Where: `monitor` (TCP link), `mqtt` (embedded broker), `device` / `driver` (bus messages), `http`. */
  source: string;
  /** Why, as a short bounded label: `bad-secret`, `packet-too-large`, `energy-out-of-bounds`, … */
  reason: string;
  count: number;
}
