/**
 * Last-resort actions run on every way out of the process (DESIGN §2: the relay is open in every state but
 * CHARGING, so it must open when the Engine dies). Actions must be synchronous: on 'exit' nothing async runs.
 *
 * Hooks: 'exit'; SIGINT and SIGTERM (then, if nothing else handles the signal, it is re-raised so the process
 * still dies of it); 'uncaughtExceptionMonitor', which sees uncaught errors and unhandled rejections without
 * changing how the process crashes.
 */
export type FailSafeAction = () => void;

/** The slice of `process` the fail-safe hooks into (injected in unit tests). */
export interface FailSafeProcess {
  on(event: 'exit' | 'uncaughtExceptionMonitor', listener: () => void): unknown;
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: 'exit' | 'uncaughtExceptionMonitor', listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: NodeJS.Signals): unknown;
  readonly pid: number;
}

const SIGNALS: ReadonlyArray<NodeJS.Signals> = ['SIGINT', 'SIGTERM'];

export class FailSafe {
  readonly #process: FailSafeProcess;
  readonly #actions = new Set<FailSafeAction>();
  readonly #onExit = (): void => this.runAll();
  readonly #onCrash = (): void => this.runAll();
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    this.runAll();
    if (this.#process.listenerCount(signal) === 1) {
      this.#unhook();
      this.#process.kill(this.#process.pid, signal); // no one else handles it: die of it, as without us
    }
  };
  #hooked = false;

  constructor(target: FailSafeProcess = process) {
    this.#process = target;
  }

  /** Number of registered actions (hooks are installed only while there is at least one). */
  get size(): number {
    return this.#actions.size;
  }

  get isHooked(): boolean {
    return this.#hooked;
  }

  /** Registers an action; returns a function that removes it (and the hooks with the last one). */
  add(action: FailSafeAction): () => void {
    this.#actions.add(action);
    this.#hook();
    return () => {
      this.#actions.delete(action);
      if (this.#actions.size === 0) this.#unhook();
    };
  }

  /** Runs every action now; one failing action never stops the others. */
  runAll(): void {
    for (const action of this.#actions) {
      try {
        action();
      } catch {
        // best effort: the process is already on its way out
      }
    }
  }

  #hook(): void {
    if (this.#hooked) return;
    this.#hooked = true;
    this.#process.on('exit', this.#onExit);
    this.#process.on('uncaughtExceptionMonitor', this.#onCrash);
    for (const signal of SIGNALS) this.#process.on(signal, this.#onSignal);
  }

  #unhook(): void {
    if (!this.#hooked) return;
    this.#hooked = false;
    this.#process.off('exit', this.#onExit);
    this.#process.off('uncaughtExceptionMonitor', this.#onCrash);
    for (const signal of SIGNALS) this.#process.off(signal, this.#onSignal);
  }
}

let shared: FailSafe | undefined;

/** The one FailSafe for this process, hooked into the real `process`. */
export function processFailSafe(): FailSafe {
  shared ??= new FailSafe();
  return shared;
}
