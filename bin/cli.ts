// The only module that reads process.argv and calls process.exit (STYLE: citty).
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { EvcError } from '../protocol/errors.ts';
import { bindEnvironment } from './env-options.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command('evc')
  .description('EV charging network: Central, charging points, drivers')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

await registerCommands(program, process.argv);
bindEnvironment(program);

// picocolors also turns colour on whenever CI is set; a one-line reason read by a script must stay plain.
const stderrColors = pc.createColors(Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env));

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${stderrColors.red('error:')} ${message}\n`);
  process.exit(exitCode);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version also arrive here, with exit code 0.
    if (error.exitCode === 0) process.exit(0);
    process.exit(2);
  }
  if (error instanceof EvcError) fail(error.message, error.exitCode);
  fail(error instanceof Error ? error.message : String(error), 1);
}
