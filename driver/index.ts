// Public surface of the driver CLI (DESIGN §4.5, §6). bin/commands/driver.ts is its only caller.
export { runDriverCommand } from './run-driver-command.ts';
export type { Clock, DriverIo, KeyInput, TextOutput } from './io.ts';
export {
  COMMAND_NAMES,
  DEFAULT_BUS_URL,
  DEFAULTS,
  checkDriverId,
  parseDriverCommand,
  parseMs,
  type DriverCommand,
  type DriverOptions,
} from './options.ts';
export { busIdentity, type ChannelPurpose } from './runner/driver-channel.ts';
export { ChargeTracker, type ChargePhase, type ChargeView, type StopStatus } from './core/charge-tracker.ts';
export { exitCodeOf, outcomeOfTicket, type ChargeOutcome } from './core/outcome.ts';
export { parseRunFile } from './core/run-file.ts';
export { renderReceipt } from './render/receipt.ts';
export { renderProgressLine, renderPhaseLine } from './render/session-lines.ts';
export { renderCpList, renderCpStatus } from './render/cp-tables.ts';
export { renderRunSummary, type ServiceResult } from './render/summary-table.ts';
