import { EventEmitter } from 'node:events';
import { backoffDelayMs } from './backoff.ts';
import { ManagedProcess, type ManagedProcessOptions } from './managed-process.ts';
import type { ProcessExit } from './process-exit.ts';

export interface ChildSpec extends ManagedProcessOptions {
  /**
   * Stop order: on a stop, children of a higher tier stop first and the next tier only
   * once they are gone (the demo stops its CPs before Central). Default 0.
   */
  stopTier?: number;
}

export interface SupervisorResult {
  /** 0 when stopped (or a child finished cleanly on its own), 1 when a child failed for good. */
  code: 0 | 1;
  reason: string;
}

export interface SupervisorEvents {
  spawn: [name: string, child: ManagedProcess];
  exit: [name: string, exit: ProcessExit];
  /** A crashed child will be started again in `delayMs`. */
  restarting: [name: string, delayMs: number, exit: ProcessExit];
}

export interface SupervisorOptions {
  /** A child still running this long after a stop signal is killed. Default 5000 ms. */
  killAfterMs?: number;
  /** Delay before restart number `attempt` (0 = first) of a child that keeps crashing. Default 250 ms doubling to 8 s. */
  restartDelayMs?: (attempt: number) => number;
  /** A child that ran this long counts as healthy again: its next crash restarts after the first delay. Default 10 s. */
  stableMs?: number;
  /** Failed exits in a row (exit codes, not signals), each within `stableMs` of its start, after which the supervisor gives up. Default 5. */
  maxQuickCrashes?: number;
  /** Monotonic clock, ms. */
  now?: () => number;
}

/** Exit code 2 is bad usage (DESIGN §6): starting again with the same arguments cannot help. */
const USAGE_EXIT = 2;

const defaultDelay = (attempt: number): number => backoffDelayMs(attempt, { initialMs: 250, maxMs: 8000, factor: 2, jitter: 0 });

interface Slot {
  spec: ChildSpec;
  current: ManagedProcess | undefined;
  startedMs: number;
  quickCrashes: number;
  restartTimer: NodeJS.Timeout | undefined;
}

/**
 * Runs a set of processes like a service manager (DESIGN §6 `evc cp`, `evc demo`): a child
 * that crashes (killed, or a non-zero exit) is started again after a backoff while the others
 * keep running; a child that keeps failing by itself right after its start, or exits with bad
 * usage, makes the supervisor give up and stop the rest. A child that ends cleanly on its own (the
 * Engine's menu `q`) stops all of them without error. `stop()` stops every child.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: Required<Omit<SupervisorOptions, 'restartDelayMs' | 'now'>> & Pick<Required<SupervisorOptions>, 'restartDelayMs' | 'now'>;
  readonly #slots = new Map<string, Slot>();
  #result: SupervisorResult | undefined;
  #stopping: Promise<void> | undefined;
  #resolveDone!: (result: SupervisorResult) => void;
  /** Resolves once the supervisor stopped and every child has exited. */
  readonly done: Promise<SupervisorResult>;

  constructor(specs: ChildSpec[] = [], options: SupervisorOptions = {}) {
    super();
    this.#options = {
      killAfterMs: options.killAfterMs ?? 5000,
      restartDelayMs: options.restartDelayMs ?? defaultDelay,
      stableMs: options.stableMs ?? 10_000,
      maxQuickCrashes: options.maxQuickCrashes ?? 5,
      now: options.now ?? (() => performance.now()),
    };
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
    for (const spec of specs) this.#slots.set(spec.name, { spec, current: undefined, startedMs: 0, quickCrashes: 0, restartTimer: undefined });
  }

  /** Starts every child given to the constructor. */
  start(): void {
    for (const slot of this.#slots.values()) if (!slot.current) this.#spawn(slot);
  }

  /** Adds a child and starts it now; returns its first process. */
  add(spec: ChildSpec): ManagedProcess {
    if (this.#slots.has(spec.name)) throw new Error(`a child named ${spec.name} is already supervised`);
    if (this.#result) throw new Error(`the supervisor has stopped (${this.#result.reason})`);
    const slot: Slot = { spec, current: undefined, startedMs: 0, quickCrashes: 0, restartTimer: undefined };
    this.#slots.set(spec.name, slot);
    return this.#spawn(slot);
  }

  /** The live process of a child (a new one after each restart), while it runs. */
  child(name: string): ManagedProcess | undefined {
    const current = this.#slots.get(name)?.current;
    return current?.running ? current : undefined;
  }

  /** Names of the children running now. */
  get running(): string[] {
    return [...this.#slots.values()].filter((slot) => slot.current?.running).map((slot) => slot.spec.name);
  }

  /** Every process ever started, newest last (for a final check that none is left). */
  get processes(): ManagedProcess[] {
    return [...this.#slots.values()].flatMap((slot) => (slot.current ? [slot.current] : []));
  }

  /** Stops every child (by tier, highest first); `done` resolves with code 0 unless a child had failed. */
  stop(signal: NodeJS.Signals = 'SIGTERM', reason = `stopped by ${signal}`): Promise<void> {
    this.#result ??= { code: 0, reason };
    this.#stopping ??= this.#stopAll(signal);
    return this.#stopping;
  }

  #spawn(slot: Slot): ManagedProcess {
    const child = ManagedProcess.start(slot.spec);
    slot.current = child;
    slot.startedMs = this.#options.now();
    child.once('exit', (exit) => this.#onExit(slot, child, exit));
    this.emit('spawn', slot.spec.name, child);
    return child;
  }

  #onExit(slot: Slot, child: ManagedProcess, exit: ProcessExit): void {
    if (slot.current !== child) return;
    const name = slot.spec.name;
    this.emit('exit', name, exit);
    if (this.#result) return; // stopping: the stop sequence awaits it
    if (exit.code === 0) {
      void this.stop('SIGTERM', `${name} exited with code 0`);
      return;
    }
    const ranMs = this.#options.now() - slot.startedMs;
    slot.quickCrashes = ranMs >= this.#options.stableMs ? 1 : slot.quickCrashes + 1;
    const what = exit.code === null && exit.signal === null ? `${name} could not start` : `${name} ${exitText(exit)}`;
    // Only a child that keeps failing by itself (an exit code: a refused secret, a port in use)
    // is a crash loop to give up on; one killed by a signal (OOM killer, an operator, a test)
    // is always started again, the backoff still growing while the kills come quickly.
    const failingByItself = exit.signal === null && slot.quickCrashes > this.#options.maxQuickCrashes;
    if (exit.code === USAGE_EXIT || failingByItself) {
      const why = exit.code === USAGE_EXIT ? what : `${what}, ${slot.quickCrashes} times in a row within ${this.#options.stableMs / 1000} s of starting`;
      this.#result = { code: 1, reason: why };
      void this.stop();
      return;
    }
    const delayMs = this.#options.restartDelayMs(slot.quickCrashes - 1);
    this.emit('restarting', name, delayMs, exit);
    // What the crashed child started (an `evc cp`'s Engine and Monitor) is still in its group:
    // it goes first, or the new one would find its ports taken.
    void child.stop('SIGTERM', this.#options.killAfterMs).then(() => {
      if (this.#result) return;
      slot.restartTimer = setTimeout(() => {
        slot.restartTimer = undefined;
        if (!this.#result) this.#spawn(slot);
      }, delayMs);
    });
  }

  async #stopAll(signal: NodeJS.Signals): Promise<void> {
    const slots = [...this.#slots.values()];
    for (const slot of slots) clearTimeout(slot.restartTimer);
    const tiers = [...new Set(slots.map((slot) => slot.spec.stopTier ?? 0))].sort((a, b) => b - a);
    for (const tier of tiers) {
      const members = slots.filter((slot) => (slot.spec.stopTier ?? 0) === tier && slot.current);
      await Promise.all(members.map((slot) => slot.current!.stop(signal, this.#options.killAfterMs)));
    }
    this.#resolveDone(this.#result!);
  }
}

function exitText(exit: ProcessExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
