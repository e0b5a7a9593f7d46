// Central's pure core (DESIGN §3); central/README.md maps messages → handlers → core → store.
export { CentralCore, type CoreOptions } from './central-core.ts';
export type { CoreInput, SubmitInput } from './input.ts';
export { mustAwait } from './effects.ts';
export type { Effect, LedgerLine, OperatorLedgerLine, SessionLedgerLine } from './effects.ts';
export type {
  CoreSnapshot,
  CpConfig,
  CpRecord,
  CpSnapshot,
  DriverSnapshot,
  SessionSnapshot,
  TicketFields,
} from './model.ts';
export { addCp, linkClosed, unbind, type SecretCheck } from './links.ts';
export { beginEnding, endForCpCondition, finish, markStarted, reserve } from './sessions.ts';
export { removeCp, resetSecret, resumeAll, resumeCp, stopAll, stopCp } from './operator.ts';
export { blockDriver, provisionDriver, revokeRefusal } from './drivers.ts';
export { acceptPending, holdPending, isAccepted, leavePending, type PendingCpView } from './pending.ts';
export { restore } from './restore.ts';
export { tick } from './tick.ts';
export { deriveCpState, type CpStateInputs } from './cp-state.ts';
export { amountFor, formatAmount, DEFAULT_CURRENCY } from './billing.ts';
export { durationBoundS, energyBoundKwh, flagCp, powerBoundKw, ENERGY_BOUND } from './plausibility.ts';
export { compareIds, cpSummary, type CpView, type DriverView, type SessionView } from './views.ts';
