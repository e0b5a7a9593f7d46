import type { Command, Option } from 'commander';

/** `--engine-port` → `EVC_ENGINE_PORT` (DESIGN §6: every option also reads an EVC_* variable). */
export function envNameFor(longFlag: string): string {
  return 'EVC_' + longFlag.replace(/^--(no-)?/, '').replace(/-/g, '_').toUpperCase();
}

/**
 * Commander wires an option's variable only when the option is added (`addOption`), so a
 * variable given later needs this listener too, or it is silently ignored.
 */
function listenForVariable(command: Command, option: Option): void {
  command.on(`optionEnv:${option.name()}`, (value?: string) => {
    const key = option.attributeName();
    let parsed: unknown;
    if (value === undefined) parsed = !option.negate;
    else parsed = option.parseArg ? option.parseArg(value, command.getOptionValue(key)) : value;
    command.setOptionValueWithSource(key, parsed, 'env');
  });
}

/** Gives every option of a command tree its EVC_* variable, unless it already has one. */
export function bindEnvironment(command: Command): void {
  for (const option of command.options) {
    if (option.long && !option.envVar && option.long !== '--help' && option.long !== '--version') {
      option.env(envNameFor(option.long));
      listenForVariable(command, option);
    }
  }
  for (const sub of command.commands) bindEnvironment(sub);
}
