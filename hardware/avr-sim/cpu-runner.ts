import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';

/** `real-time`: simulated time follows the wall clock. `unthrottled`: as fast as the host can go (boot). */
export type Pace = 'real-time' | 'unthrottled';

/** Something that executes clock cycles: the simulated chip. */
export interface CycleRunnable {
  readonly cycles: number;
  runUntil(cycle: number): void;
}

export interface CpuRunnerOptions {
  readonly clockHz: number;
  readonly pace?: Pace;
  /** Wall clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
  /** The longest one slice may hold the event loop before yielding to I/O. */
  readonly sliceMs?: number;
  /** Simulated time run between wall-clock checks. */
  readonly chunkMs?: number;
  /**
   * In real time, wait until simulated time is this far behind before running again: waking for every sliver of
   * lag would spend more on scheduling than on the CPU. Also the most a byte from the host waits before it lands.
   */
  readonly batchMs?: number;
  /**
   * How far simulated time may fall behind before the debt is dropped instead of repaid in a burst: a busy host
   * slows the board down (as a loaded USB link would) rather than making it race later.
   */
  readonly maxLagMs?: number;
}

export interface CpuRunnerEvents {
  /** The simulation threw (a bug in the simulator or a listener): the board is stopped. */
  halted: [error: Error];
}

export interface ClockStats {
  /** Simulated time run since start(). */
  readonly simulatedMs: number;
  /** Wall time since start(). */
  readonly realMs: number;
  /** Wall time spent executing cycles (the rest the event loop had for itself). */
  readonly busyMs: number;
  /** Simulated time given up because the host could not keep up. */
  readonly droppedMs: number;
}

/**
 * Runs a simulated CPU in slices on the event loop: each slice executes cycles until simulated time catches up
 * with real time (or the slice's wall-time budget is spent), then yields — setImmediate when a batch is already
 * due, a timer until it will be otherwise — so serial I/O, HTTP and johnny-five's timers keep running alongside.
 */
export class CpuRunner extends EventEmitter<CpuRunnerEvents> {
  readonly #chip: CycleRunnable;
  readonly #cyclesPerMs: number;
  readonly #now: () => number;
  readonly #sliceMs: number;
  readonly #chunkCycles: number;
  readonly #maxLagCycles: number;
  readonly #batchMs: number;
  #pace: Pace;
  #running = false;
  #timeout: ReturnType<typeof setTimeout> | undefined;
  #immediate: ReturnType<typeof setImmediate> | undefined;
  #anchorMs = 0;
  #anchorCycles = 0;
  #startMs: number | undefined;
  #stopMs: number | undefined;
  #startCycles = 0;
  #busyMs = 0;
  #droppedCycles = 0;

  constructor(chip: CycleRunnable, options: CpuRunnerOptions) {
    super();
    this.#chip = chip;
    this.#cyclesPerMs = options.clockHz / 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#sliceMs = options.sliceMs ?? 8;
    this.#chunkCycles = Math.max(1, Math.round((options.chunkMs ?? 0.5) * this.#cyclesPerMs));
    this.#maxLagCycles = (options.maxLagMs ?? 50) * this.#cyclesPerMs;
    this.#batchMs = options.batchMs ?? 2;
    this.#pace = options.pace ?? 'real-time';
  }

  get isRunning(): boolean {
    return this.#running;
  }

  get pace(): Pace {
    return this.#pace;
  }

  /** Switching to real time re-anchors the clocks: simulated time runs on from where it is now. */
  set pace(pace: Pace) {
    if (pace === this.#pace) return;
    this.#pace = pace;
    this.#anchor();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#anchor();
    this.#startMs = this.#anchorMs;
    this.#stopMs = undefined;
    this.#startCycles = this.#chip.cycles;
    this.#schedule(Number.POSITIVE_INFINITY);
  }

  /** Stops at once: no timer or immediate is left behind. */
  stop(): void {
    if (this.#running) this.#stopMs = this.#now();
    this.#running = false;
    clearTimeout(this.#timeout);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timeout = undefined;
    this.#immediate = undefined;
  }

  stats(): ClockStats {
    return {
      simulatedMs: (this.#chip.cycles - this.#startCycles) / this.#cyclesPerMs,
      realMs: this.#startMs === undefined ? 0 : (this.#stopMs ?? this.#now()) - this.#startMs,
      busyMs: this.#busyMs,
      droppedMs: this.#droppedCycles / this.#cyclesPerMs,
    };
  }

  #anchor(): void {
    this.#anchorMs = this.#now();
    this.#anchorCycles = this.#chip.cycles;
  }

  /** Runs again at once when a batch of simulated time is due, else sleeps until it will be. */
  #schedule(behindMs: number): void {
    if (!this.#running) return;
    if (behindMs >= this.#batchMs) this.#immediate = setImmediate(this.#slice);
    else this.#timeout = setTimeout(this.#slice, Math.max(1, Math.ceil(this.#batchMs - behindMs)));
  }

  readonly #slice = (): void => {
    this.#timeout = undefined;
    this.#immediate = undefined;
    if (!this.#running) return;
    const startedMs = this.#now();
    const deadlineMs = startedMs + this.#sliceMs;
    let target = this.#targetCycles(startedMs);
    try {
      while (this.#running && this.#chip.cycles < target) {
        this.#chip.runUntil(Math.min(target, this.#chip.cycles + this.#chunkCycles));
        const now = this.#now();
        if (now >= deadlineMs) break;
        target = this.#targetCycles(now);
      }
    } catch (error) {
      this.stop();
      this.emit('halted', error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const endedMs = this.#now();
    this.#busyMs += endedMs - startedMs;
    this.#schedule((this.#targetCycles(endedMs) - this.#chip.cycles) / this.#cyclesPerMs);
  };

  #targetCycles(nowMs: number): number {
    if (this.#pace === 'unthrottled') return Number.POSITIVE_INFINITY;
    const target = this.#anchorCycles + (nowMs - this.#anchorMs) * this.#cyclesPerMs;
    const lag = target - this.#chip.cycles - this.#maxLagCycles;
    if (lag > 0) {
      this.#droppedCycles += lag;
      this.#anchorCycles -= lag;
      return target - lag;
    }
    return target;
  }
}
