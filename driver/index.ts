// Public surface of the driver CLI (DESIGN §4.5, §6). bin/commands/driver.ts is its only caller.
export { runDriverCommand } from './run-driver-command.ts';
export type { DriverIo, KeyInput } from './io.ts';
export {
  DEFAULTS,
  checkDriverId,
  parseDriverCommand,
  parseMs,
  type DriverCommand,
  type DriverOptions,
} from './options.ts';

