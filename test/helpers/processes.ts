// Real OS processes for the e2e suites: every component started as `node bin/evc …`, its
// output captured line by line, waits on lines or HTTP state with deadlines, the whole
// process group killed in teardown, and the last lines of each process printed on failure.
import { fileURLToPath } from 'node:url';
import { ManagedProcess } from '../../base/managed-process.ts';
import { describeExit, type ProcessExit } from '../../base/process-exit.ts';

export { ManagedProcess } from '../../base/managed-process.ts';
export type { ProcessExit } from '../../base/process-exit.ts';
export { freePort, httpJson, pollUntil } from '../../demo/net.ts';
export const EVC_BIN = fileURLToPath(new URL('../../bin/evc', import.meta.url));

/** Plain text output: colours and terminal tricks off, whatever the environment of the test run. */
const PLAIN_ENV = { NO_COLOR: '1', FORCE_COLOR: '0' };

/** The test run's environment without EVC_* variables: a child reads only the options a test gives it. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('EVC_')));
}

/** Every group still alive when the test process exits is killed, whatever way the run ended. */
const everyProcess = new Set<ManagedProcess>();
process.on('exit', () => {
  for (const child of everyProcess) child.killNow();
});

export interface EvcRun {
  exit: ProcessExit;
  stdout: string[];
  stderr: string[];
}

/**
 * The processes one suite started. `useProcesses()` wires it into mocha: after a failed test
 * (or a failed `guard`ed hook) it prints each process's last lines; after the suite it stops
 * every group and checks none is left.
 */
export class ProcessSet {
  readonly #processes: ManagedProcess[] = [];
  #dumped = false;

  /** `node bin/evc …args` in a process group of its own. */
  start(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ManagedProcess {
    const child = ManagedProcess.start({
      name,
      command: process.execPath,
      args: [EVC_BIN, ...args],
      env: { ...inheritedEnv(), ...PLAIN_ENV, ...env },
    });
    this.#processes.push(child);
    everyProcess.add(child);
    child.once('exit', () => everyProcess.delete(child));
    return child;
  }

  /** Starts `evc …args` and waits for it to end (within `timeoutMs`). */
  async run(name: string, args: string[], options: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<EvcRun> {
    const child = this.start(name, args, options.env);
    const exit = await child.waitForExit(options.timeoutMs);
    const lines = child.lines();
    return {
      exit,
      stdout: lines.filter((line) => line.stream === 'stdout').map((line) => line.text),
      stderr: lines.filter((line) => line.stream === 'stderr').map((line) => line.text),
    };
  }

  get processes(): readonly ManagedProcess[] {
    return this.#processes;
  }

  /** Runs a set-up step; if it fails, prints what every process said before rethrowing. */
  async guard<T>(title: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.dump(title);
      throw error;
    }
  }

  /** Prints the last lines of each process (stderr lines marked `!`). */
  dump(title: string, lines = 40): void {
    this.#dumped = true;
    const out: string[] = [`\n    ---- ${title}: last output of each process ----`];
    for (const child of this.#processes) {
      const state = child.exit ? describeExit(child.exit) : 'running';
      out.push(`    ── ${child.name} (pid ${child.pid ?? '?'}, ${state})`);
      for (const line of child.tail(lines)) out.push(`    │ ${line}`);
    }
    console.log(out.join('\n'));
  }

  get dumped(): boolean {
    return this.#dumped;
  }

  /**
   * Stops every group, newest first and one at a time, so drivers and CPs say goodbye while
   * Central still listens, and Central goes last; then checks none is left.
   */
  async stopAll(graceMs = 8000): Promise<void> {
    const running = this.#processes.filter((child) => child.running || child.liveGroupMembers().length > 0).reverse();
    for (const child of running) await child.stop('SIGTERM', graceMs);
    const left = this.#processes.flatMap((child) => child.liveGroupMembers().map((pid) => `${child.name}: pid ${pid}`));
    if (left.length > 0) throw new Error(`processes left after stop: ${left.join(', ')}`);
  }
}

/** A ProcessSet for the enclosing `describe`, with the mocha hooks that print and clean up. */
export function useProcesses(): ProcessSet {
  const set = new ProcessSet();
  afterEach(function () {
    const test = this.currentTest;
    if (test?.state === 'failed') set.dump(`"${test.title}" failed`);
  });
  after(async function () {
    this.timeout(30_000);
    await set.stopAll();
  });
  return set;
}

