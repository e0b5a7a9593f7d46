import type { CpState, CpSummary } from '../../protocol/index.ts';
import { amountFor } from './billing.ts';
import { cpStateInputs, notLiveReason } from './cp-state.ts';
import type { CpRecord, SessionRecord, SessionStatus } from './model.ts';

/** Orders views by id, code unit by code unit (the same for every locale). */
export const compareIds = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One row of `GET /api/cps` and the panel (DESIGN §6). Live figures only while a session is active. */
export interface CpView {
  id: string;
  state: CpState;
  location: string;
  pricePerKwh: number;
  maxPowerKw?: number;
  lastSeenMs?: number;
  sessionId?: string;
  driverId?: string;
  kW?: number;
  kWh?: number;
  amount?: number;
  /** Why the CP is not live (DISCONNECTED or FAULTED), e.g. "Engine not on the device bus". */
  detail?: string;
  /** The CP reported energy beyond its bound (issue 9): why, for the operator. */
  flagged?: string;
}

/** One row of `GET /api/drivers`: a driver Central knows, and where it charges now. */
export interface DriverView {
  id: string;
  /** Its token was revoked: every request but an ack is denied. */
  blocked: boolean;
  /** Has a token (a key on file); the app fills it in, since only it holds the keys. */
  provisioned?: boolean;
  firstSeenMs: number;
  sessionId?: string;
  cpId?: string;
}

/** One row of `GET /api/sessions` (DESIGN §6). */
export interface SessionView {
  id: string;
  cpId: string;
  driverId: string;
  state: SessionStatus;
  /** When the supply started; the authorization time for a session that never started. */
  startedAt: number;
  endedAt?: number;
  plugInBy?: number;
  kW?: number;
  kWh: number;
  amount: number;
  pricePerKwh: number;
  currency: string;
  reason?: string;
}

export function cpView(cp: CpRecord, session: SessionRecord | undefined): CpView {
  const view: CpView = { id: cp.config.id, state: cp.state, location: cp.config.location.label, pricePerKwh: cp.config.pricePerKwh };
  if (cp.config.maxPowerKw !== undefined) view.maxPowerKw = cp.config.maxPowerKw;
  if (cp.lastSeenMs !== undefined) view.lastSeenMs = cp.lastSeenMs;
  const detail = notLiveReason(cpStateInputs(cp, session), cp.linkEndedBy);
  if (detail !== undefined) view.detail = detail;
  if (cp.flag) view.flagged = `${cp.flag.reason} (${cp.flag.count}×)`;
  if (session) {
    view.sessionId = session.id;
    view.driverId = session.driverId;
    if (session.status !== 'reserved') {
      view.kW = session.kW;
      view.kWh = session.kWh;
      view.amount = amountFor(session.kWh, session.pricePerKwh);
    }
  }
  return view;
}

export function sessionView(session: SessionRecord): SessionView {
  const view: SessionView = {
    id: session.id,
    cpId: session.cpId,
    driverId: session.driverId,
    state: session.status,
    startedAt: session.startedAt ?? session.authorizedAt,
    kWh: session.kWh,
    amount: session.amount ?? amountFor(session.kWh, session.pricePerKwh),
    pricePerKwh: session.pricePerKwh,
    currency: session.currency,
  };
  if (session.status === 'reserved') view.plugInBy = session.expiresAt;
  if (session.status === 'charging' || session.status === 'ending') view.kW = session.kW;
  if (session.endedAt !== undefined) view.endedAt = session.endedAt;
  if (session.reason !== undefined) view.reason = session.reason;
  return view;
}

/** The `cps` list item drivers get (DESIGN §4.5). */
export function cpSummary(cp: CpRecord): CpSummary {
  const summary: CpSummary = { id: cp.config.id, state: cp.state, location: cp.config.location.label, pricePerKwh: cp.config.pricePerKwh };
  if (cp.config.maxPowerKw !== undefined) summary.maxPowerKw = cp.config.maxPowerKw;
  return summary;
}
