import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { liveGroupMembers, signalGroup } from './process-group.ts';
import { ProcessWaitError, describeExit, type ProcessExit } from './process-exit.ts';

export interface ManagedProcessOptions {
  /** For messages: "central", "cp CP1". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every output line is also appended here (the process's log). */
  logFile?: string;
  /** Lines kept in memory for waits and tails. Default 5000. */
  keepLines?: number;
  /**
   * `pipe` (default): output is read line by line (waits, tails, `logFile`). `inherit`: the
   * child writes straight to this process's terminal (its colours and status line stay).
   */
  output?: 'pipe' | 'inherit';
  /** `inherit` hands the child this process's keyboard (the Engine's menu). Default `ignore`. */
  stdin?: 'ignore' | 'inherit';
  /**
   * Default true: the child leads a process group of its own and stopping it signals the
   * whole group. False: it stays in ours (a terminal's Ctrl-C reaches it too) and only it is signalled.
   */
  ownGroup?: boolean;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** 0-based over the whole life of the process, so `since` cursors survive trimming. */
  index: number;
}

export interface WaitForLineOptions {
  timeoutMs: number;
  /** Only lines with this index or later (see `lineCount`); default 0, so a line already seen counts. */
  since?: number;
  stream?: 'stdout' | 'stderr';
  signal?: AbortSignal;
}

interface ManagedProcessEvents {
  line: [line: OutputLine];
  exit: [exit: ProcessExit];
}

const CLEAR_TO_END = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * One child process, by default in a process group of its own (spawned detached), its stdout
 * and stderr read line by line. Stopping it signals the whole group, so the children it
 * started (an `evc cp` runs an Engine and a Monitor) go too, and waits until no live member
 * is left. `Supervisor` restarts these when they crash.
 */
export class ManagedProcess extends EventEmitter<ManagedProcessEvents> {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #ownGroup: boolean;
  readonly #keepLines: number;
  readonly #lines: OutputLine[] = [];
  readonly #log: WriteStream | undefined;
  #lineCount = 0;
  #exit: ProcessExit | undefined;
  readonly #exited: Promise<ProcessExit>;
  #stopping: Promise<ProcessExit> | undefined;

  private constructor(options: ManagedProcessOptions) {
    super();
    this.name = options.name;
    this.#keepLines = options.keepLines ?? 5000;
    this.#log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    this.#log?.on('error', () => undefined); // a log that cannot be written must not crash the owner
    this.#ownGroup = options.ownGroup ?? true;
    const output = options.output ?? 'pipe';
    this.#child = spawn(options.command, options.args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.stdin ?? 'ignore', output, output],
      detached: this.#ownGroup,
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#addLine('stderr', `could not start: ${error.message}`);
        this.#finish({ code: null, signal: null }, resolve);
      });
      // 'close' comes after both pipes drained, so every line is in before the exit is seen.
      this.#child.once('close', (code, signal) => this.#finish({ code, signal }, resolve));
    });
    if (this.#child.stdout) this.#readLines(this.#child.stdout, 'stdout');
    if (this.#child.stderr) this.#readLines(this.#child.stderr, 'stderr');
  }

  static start(options: ManagedProcessOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The exit, once the process is gone. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** Lines seen so far: pass it as `since` to wait only for what comes next. */
  get lineCount(): number {
    return this.#lineCount;
  }

  /** Lines still in memory from index `since` on. */
  lines(since = 0): OutputLine[] {
    return this.#lines.filter((line) => line.index >= since);
  }

  /** The last `count` lines, stderr ones marked. */
  tail(count = 30): string[] {
    return this.#lines.slice(-count).map((line) => (line.stream === 'stderr' ? `! ${line.text}` : `  ${line.text}`));
  }

  /** Resolves at the first line matching `pattern`; rejects on the deadline, an abort, or the process's exit. */
  waitForLine(pattern: RegExp, options: WaitForLineOptions): Promise<RegExpMatchArray> {
    return this.waitFor((line) => pattern.exec(line.text) ?? undefined, `a line matching ${pattern}`, options);
  }

  /**
   * Resolves with the first value `test` returns for a line (from `since` on, of `stream`);
   * rejects on the deadline, an abort, or the process's exit, with its last lines.
   */
  waitFor<T>(test: (line: OutputLine) => T | undefined, what: string, options: WaitForLineOptions): Promise<T> {
    const since = options.since ?? 0;
    const check = (line: OutputLine): T | undefined =>
      line.index >= since && (options.stream === undefined || line.stream === options.stream) ? test(line) : undefined;
    for (const line of this.#lines) {
      const found = check(line);
      if (found !== undefined) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off('line', onLine);
        this.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (why: string): void => {
        cleanup();
        reject(new ProcessWaitError(`${this.name}: ${why} while waiting for ${what}`, this.tail()));
      };
      const onLine = (line: OutputLine): void => {
        const found = check(line);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const onExit = (exit: ProcessExit): void => fail(`exited (${describeExit(exit)})`);
      const onAbort = (): void => fail('aborted');
      const timer = setTimeout(() => fail(`nothing within ${options.timeoutMs} ms`), options.timeoutMs);
      this.on('line', onLine);
      this.on('exit', onExit);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (this.#exit) onExit(this.#exit);
      else if (options.signal?.aborted) onAbort();
    });
  }

  /** Resolves when the process is gone; rejects after `timeoutMs` when given. */
  async waitForExit(timeoutMs?: number): Promise<ProcessExit> {
    if (timeoutMs === undefined) return this.#exited;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProcessWaitError(`${this.name}: still running after ${timeoutMs} ms`, this.tail())), timeoutMs);
    });
    try {
      return await Promise.race([this.#exited, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` to the process alone (not its group), as a supervisor forwarding Ctrl-C would. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }

  /**
   * Stops the whole group: `signal` to every member, SIGKILL to whatever is left after
   * `graceMs`, then waits until no live member remains. Idempotent.
   */
  stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<ProcessExit> {
    this.#stopping ??= this.#stopGroup(signal, graceMs);
    return this.#stopping;
  }

  /** SIGKILL to the whole group, now and synchronously (for `process.on('exit')`). */
  killNow(): void {
    const pgid = this.#child.pid;
    if (pgid === undefined) return;
    if (this.#ownGroup) signalGroup(pgid, 'SIGKILL');
    else if (this.running) this.#child.kill('SIGKILL');
  }

  /** Live members of the process's group (it leads it): empty once everything is gone. */
  liveGroupMembers(): number[] {
    const pgid = this.#child.pid;
    if (pgid === undefined) return [];
    if (!this.#ownGroup) return this.running ? [pgid] : [];
    return liveGroupMembers(pgid);
  }

  async #stopGroup(signal: NodeJS.Signals, graceMs: number): Promise<ProcessExit> {
    const pgid = this.#child.pid;
    if (pgid === undefined) return this.#exited;
    if (!this.#ownGroup) return this.#stopAlone(signal, graceMs);
    signalGroup(pgid, signal);
    const deadlineMs = Date.now() + graceMs;
    const graceOver = new AbortController();
    const leaderGone = await Promise.race([
      this.#exited.then(() => true),
      delay(graceMs, false, { signal: graceOver.signal }).catch(() => false),
    ]);
    graceOver.abort(); // a pending grace timer would hold the caller's exit for up to graceMs
    if (!leaderGone) signalGroup(pgid, 'SIGKILL');
    const exit = await this.#exited;
    // Children that outlive their parent (they should not) are still in the group: no event
    // tells when they go, so poll briefly, then kill what is left.
    while (liveGroupMembers(pgid).length > 0) {
      if (Date.now() >= deadlineMs) {
        signalGroup(pgid, 'SIGKILL');
        if (Date.now() >= deadlineMs + 2000) break;
      }
      await delay(25);
    }
    return exit;
  }

  async #stopAlone(signal: NodeJS.Signals, graceMs: number): Promise<ProcessExit> {
    if (this.running) this.#child.kill(signal);
    const graceOver = new AbortController();
    const gone = await Promise.race([
      this.#exited.then(() => true),
      delay(graceMs, false, { signal: graceOver.signal }).catch(() => false),
    ]);
    graceOver.abort();
    if (!gone && this.running) this.#child.kill('SIGKILL');
    return this.#exited;
  }

  #finish(exit: ProcessExit, resolve: (exit: ProcessExit) => void): void {
    if (this.#exit) return;
    this.#exit = exit;
    this.#log?.end();
    resolve(exit);
    this.emit('exit', exit);
  }

  #readLines(stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr'): void {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split(/\r?\n|\r/);
      pending = parts.pop() ?? '';
      for (const part of parts) this.#addLine(name, part);
    });
    stream.on('end', () => {
      if (pending !== '') this.#addLine(name, pending);
      pending = '';
    });
  }

  #addLine(stream: 'stdout' | 'stderr', raw: string): void {
    const text = raw.replace(CLEAR_TO_END, '');
    const line: OutputLine = { stream, text, index: this.#lineCount++ };
    this.#lines.push(line);
    if (this.#lines.length > this.#keepLines) this.#lines.splice(0, this.#lines.length - this.#keepLines);
    this.#log?.write(`${stream === 'stderr' ? '! ' : ''}${text}\n`);
    this.emit('line', line);
  }
}
