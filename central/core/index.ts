export { CentralCore } from './central-core.ts';
export type { CoreOptions } from './context.ts';
export { mustAwait } from './effects.ts';
export type { Effect, EffectKind, LedgerLine, OperatorLedgerLine, SessionLedgerLine } from './effects.ts';
export type {
  CoreSnapshot,
  CpConfig,
  CpLocation,
  CpSnapshot,
  DriverSnapshot,
  EngineHealth,
  SessionSnapshot,
  StoredSessionStatus,
  TicketFields,
} from './model.ts';
export type { SecretCheck } from './registration.ts';
export { checkDriverChannel } from './driver-requests.ts';
export { deriveCpState, isFaulted, type CpStateInputs } from './cp-state.ts';
export { amountFor, formatAmount, DEFAULT_CURRENCY } from './billing.ts';
export { RecentIds } from './dedup.ts';
export type { CpView, SessionView } from './views.ts';
