import type { Command } from 'commander';

/** `--engine-port` → `EVC_ENGINE_PORT` (DESIGN §6: every option also reads an EVC_* variable). */
export function envNameFor(longFlag: string): string {
  return 'EVC_' + longFlag.replace(/^--(no-)?/, '').replace(/-/g, '_').toUpperCase();
}

/** Gives every option of a command tree its EVC_* variable, unless it already has one. */
export function bindEnvironment(command: Command): void {
  for (const option of command.options) {
    if (option.long && !option.envVar && option.long !== '--help' && option.long !== '--version') {
      option.env(envNameFor(option.long));
    }
  }
  for (const sub of command.commands) bindEnvironment(sub);
}
