/** Timer functions, injected so tests can drive time (STYLE: clocks at the edges). */
export interface TickTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, intervalMs: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTickTimers: TickTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, intervalMs) => setInterval(callback, intervalMs),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface TickSchedulerOptions {
  now: () => number;
  /** Runs the core's `tick()`; called at most once per timer firing. */
  onTick: () => void;
  /** Periodic tick for heartbeat checks (DESIGN §4.2). */
  periodMs: number;
  timers?: TickTimers;
}

/**
 * Calls `onTick` at every time the core asked for (`schedule-tick`), with one timer armed
 * at the earliest, plus a periodic tick so missed heartbeats are noticed (DESIGN §4.2).
 */
export class TickScheduler {
  readonly #options: TickSchedulerOptions;
  readonly #timers: TickTimers;
  /** Requested times, ascending. */
  #due: number[] = [];
  #timer: unknown;
  #timerAtMs = Infinity;
  #interval: unknown;
  #stopped = true;

  constructor(options: TickSchedulerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTickTimers;
  }

  /** Times still waiting, ascending (for tests and status). */
  get due(): readonly number[] {
    return this.#due;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#interval = this.#timers.setInterval(() => this.#options.onTick(), this.#options.periodMs);
    this.#arm();
  }

  /** Asks for a tick at (or just after) `atMs`. */
  schedule(atMs: number): void {
    const index = this.#due.findIndex((time) => time > atMs);
    if (this.#due.includes(atMs)) return;
    if (index === -1) this.#due.push(atMs);
    else this.#due.splice(index, 0, atMs);
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#interval !== undefined) this.#timers.clearInterval(this.#interval);
    this.#interval = undefined;
    this.#disarm();
  }

  #arm(): void {
    if (this.#stopped) return;
    const next = this.#due[0];
    if (next === undefined || next >= this.#timerAtMs) return;
    this.#disarm();
    this.#timerAtMs = next;
    // +1: a timer may fire a hair before the wall clock reaches `next`; the core compares with `now()`.
    const delayMs = Math.max(0, next - this.#options.now() + 1);
    this.#timer = this.#timers.setTimeout(() => this.#fire(), delayMs);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAtMs = Infinity;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAtMs = Infinity;
    const now = this.#options.now();
    let passed = 0;
    while (passed < this.#due.length && this.#due[passed]! <= now) passed++;
    this.#due.splice(0, passed);
    if (passed > 0) this.#options.onTick();
    this.#arm();
  }
}
