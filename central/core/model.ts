import type { CpState, EngineState, SessionEndReason } from '../../protocol/index.ts';

/** What the Monitor says about its Engine (DESIGN §4.2). */
export type EngineHealth = 'ok' | 'ko' | 'unreachable' | 'starting';

export interface CpLocation {
  label: string;
  lat?: number;
  lon?: number;
}

/** A CP as the operator (or its first hello) configured it. */
export interface CpConfig {
  id: string;
  location: CpLocation;
  pricePerKwh: number;
  maxPowerKw?: number;
}

/** What survives a restart about a CP (the secret hash lives only in the store). */
export interface CpSnapshot extends CpConfig {
  /** Last state Central derived, for the record; after a restart every CP starts DISCONNECTED. */
  lastState: CpState;
  lastSeenMs?: number;
  /** Stopped by the operator and not resumed (DESIGN §2 STOPPED); survives restarts. */
  operatorStopped: boolean;
}

export interface DriverSnapshot {
  id: string;
  blocked: boolean;
  firstSeenMs: number;
}

/** Persisted statuses of an active session; `ending` is transient and stored as `charging`. */
export type StoredSessionStatus = 'reserved' | 'charging';

export interface SessionSnapshot {
  id: string;
  cpId: string;
  driverId: string;
  status: StoredSessionStatus;
  /** The driver request that created it. */
  requestId: string;
  authorizedAt: number;
  /** The plug-in deadline (`plugInBy`), epoch ms. */
  expiresAt: number;
  startedAt?: number;
  pricePerKwh: number;
  currency: string;
  kW: number;
  kWh: number;
}

/** A finished session as the driver's ticket and the ledger carry it (DESIGN §4.5). */
export interface TicketFields {
  sessionId: string;
  cpId: string;
  driverId: string;
  startedAt: number;
  endedAt: number;
  durationS: number;
  kWh: number;
  pricePerKwh: number;
  amount: number;
  currency: string;
  reason: SessionEndReason;
  location?: string;
  /** Where the billed kWh comes from: the CP's meter, or (issue 9) Central's last plausible reading when the CP's claim was beyond what it could deliver. */
  billedKwhSource?: 'meter' | 'last-plausible-reading';
  /** The CP's claim when it was not billed. */
  claimedKwh?: number;
}

/** Everything `restore()` needs: what the store keeps (DESIGN §5). */
export interface CoreSnapshot {
  cps: CpSnapshot[];
  drivers: DriverSnapshot[];
  sessions: SessionSnapshot[];
  /** Latest finished sessions from the ledger, newest first, so views and late Engine reports know them. */
  recentTickets?: TicketFields[];
}

// ---- in-memory records (core-private shapes, mutated only by the core) ----

export interface CpRecord {
  config: CpConfig;
  /** The Monitor connection that said hello for this CP, while it is live (set by CentralState). */
  readonly linkId?: string;
  lastSeenMs?: number;
  health?: EngineHealth;
  /** The Engine is on Central's device bus: its `online` flag, or any event from it (issue 12); unknown = not shown live. */
  engineOnBus?: boolean;
  /** Why the link went away, for the operator (e.g. the Monitor said goodbye). */
  linkEndedBy?: string;
  /** The not-live reason views last heard of (so a change of reason alone reaches them). */
  detailShown?: string;
  engineState?: EngineState;
  engineSessionId?: string;
  operatorStopped: boolean;
  state: CpState;
  /** Set when the CP reported energy Central cannot believe (issue 9); shown to the operator until it restarts. */
  flag?: { reason: string; atMs: number; count: number };
  /** The active (reserved, charging or ending) session at this CP (set by CentralState). */
  readonly sessionId?: string;
}

export type SessionStatus = 'reserved' | 'charging' | 'ending' | 'ended';

export interface SessionRecord {
  id: string;
  cpId: string;
  driverId: string;
  requestId: string;
  status: SessionStatus;
  authorizedAt: number;
  expiresAt: number;
  startedAt?: number;
  endedAt?: number;
  pricePerKwh: number;
  currency: string;
  kW: number;
  kWh: number;
  reason?: SessionEndReason;
  /** The billed amount, fixed once the session ended. */
  amount?: number;
  /** While `ending`: the reason Central closes it with if the Engine never reports, and when. */
  ending?: { reason: SessionEndReason; deadlineMs: number };
}

export interface DriverRecord {
  id: string;
  blocked: boolean;
  firstSeenMs: number;
}
