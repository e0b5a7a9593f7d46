import type { Command } from 'commander';

/** A sub-command file: `register(program)` adds the command (options, action) to the program. */
export interface CommandModule {
  register(program: Command): void;
}

interface CommandEntry {
  /** One line for `evc --help`; the file's own `.description()` is what `evc <name> --help` shows. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/**
 * Every sub-command, loaded only when it runs: `evc --help` reads this table alone, so starting evc costs
 * commander and nothing else (BENCHMARKS.md, start-up). To add a command, add a file here that exports
 * `register(program)` and one line below (literal `import()` paths, so the build finds and compiles them).
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  central: { summary: 'run Central, or manage its store (add-cp, ...)', load: () => import('./central.ts') },
  cp: { summary: 'run a charging point: its Engine and its Monitor, as two processes', load: () => import('./cp.ts') },
  engine: { summary: "run a CP's Engine alone", load: () => import('./engine.ts') },
  monitor: { summary: "run a CP's Monitor alone", load: () => import('./monitor.ts') },
  driver: { summary: 'a driver: charge at a CP, run a file of services, list CPs', load: () => import('./driver.ts') },
  fleet: { summary: 'N simulated CPs and M drivers at the protocol level against a running Central', load: () => import('./fleet.ts') },
  flash: { summary: 'flash a lab board (Uno, Nano) with avrdude', load: () => import('./flash.ts') },
  'sim-board': { summary: 'a simulated Uno as its own process behind a pseudo-terminal', load: () => import('./sim-board.ts') },
  demo: { summary: 'Central + simulated charging points + a scripted driver on this machine (npm start)', load: () => import('./demo.ts') },
};

/**
 * Registers the command `argv` names (or, for `evc help <name>`, that one) in full, and every other
 * command as a one-line entry for the help listing.
 */
export async function registerCommands(program: Command, argv: ReadonlyArray<string>): Promise<void> {
  const [first, second] = argv.slice(2);
  const wanted = first === 'help' ? second : first;
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (name === wanted) (await entry.load()).register(program);
    else program.command(name).description(entry.summary);
  }
}
