import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface ChildSpec {
  /** For messages: "engine", "monitor". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
}

export interface SupervisorResult {
  /** 0 when the CP was stopped (or a child finished cleanly), 1 when a child failed. */
  code: 0 | 1;
  reason: string;
}

export interface SupervisorEvents {
  spawn: [name: string, pid: number];
  exit: [name: string, code: number | null, signal: NodeJS.Signals | null];
}

export interface SupervisorOptions {
  /** After a stop, children still alive this long are killed. Default 5000 ms. */
  killAfterMs?: number;
}

/**
 * Runs the CP's processes side by side (DESIGN §6 `evc cp`: Engine and Monitor as two
 * children). If one dies the others are stopped and the result says which and why;
 * a stop is forwarded to all of them.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly #specs: ChildSpec[];
  readonly #killAfterMs: number;
  readonly #children = new Map<string, ChildProcess>();
  #result: SupervisorResult | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #resolveDone!: (result: SupervisorResult) => void;
  /** Resolves once every child has exited. */
  readonly done: Promise<SupervisorResult>;

  constructor(specs: ChildSpec[], options: SupervisorOptions = {}) {
    super();
    this.#specs = specs;
    this.#killAfterMs = options.killAfterMs ?? 5000;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** The live process of a child, while it runs. */
  child(name: string): ChildProcess | undefined {
    return this.#children.get(name);
  }

  get running(): string[] {
    return [...this.#children.keys()];
  }

  start(): void {
    for (const spec of this.#specs) {
      const child = spawn(spec.command, spec.args, { env: spec.env ?? process.env, stdio: spec.stdio ?? 'inherit' });
      this.#children.set(spec.name, child);
      child.once('spawn', () => this.emit('spawn', spec.name, child.pid!));
      child.once('error', (error) => this.#onExit(spec.name, child, null, null, `${spec.name} could not start: ${error.message}`));
      child.once('exit', (code, signal) => this.#onExit(spec.name, child, code, signal));
    }
  }

  /** Forwards `signal` to every child; resolves `done` once they are gone (code 0 unless one had failed). */
  stop(signal: NodeJS.Signals = 'SIGTERM', reason = `stopped by ${signal}`): void {
    this.#result ??= { code: 0, reason };
    for (const child of this.#children.values()) child.kill(signal);
    this.#armKill();
  }

  #onExit(name: string, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, failure?: string): void {
    if (this.#children.get(name) !== child) return;
    this.#children.delete(name);
    this.emit('exit', name, code, signal);
    if (this.#result === undefined) {
      const failed = failure !== undefined || code !== 0;
      const why = failure ?? (signal ? `${name} was killed by ${signal}` : `${name} exited with code ${code}`);
      // A child that ends cleanly on its own (the Engine's menu `q`) stops the whole CP without error.
      this.#result = { code: failed ? 1 : 0, reason: why };
      for (const other of this.#children.values()) other.kill('SIGTERM');
      this.#armKill();
    }
    if (this.#children.size === 0) {
      clearTimeout(this.#killTimer);
      this.#resolveDone(this.#result);
    }
  }

  #armKill(): void {
    if (this.#killTimer || this.#children.size === 0) return;
    this.#killTimer = setTimeout(() => {
      for (const child of this.#children.values()) child.kill('SIGKILL');
    }, this.#killAfterMs);
  }
}
