/** A meter reading while (or when) a session is charging. */
export interface MeterReading {
  readonly sessionId: string;
  readonly kW: number;
  readonly kWh: number;
  readonly durationS: number;
}

export interface MeterOptions {
  /** Power drawn while the relay is closed. Default 7.4 kW (a 32 A single-phase wallbox). */
  powerKw?: number;
  /** Monotonic clock in ms (performance.now in production; injected in tests). */
  now: () => number;
}

const MS_PER_HOUR = 3_600_000;

/**
 * The energy meter: integrates power over the monotonic clock while a session charges.
 * Energy is summed reading by reading so a later variable power (setPowerKw) stays exact.
 */
export class Meter {
  #powerKw: number;
  readonly #now: () => number;
  #sessionId: string | undefined;
  #startedAtMs = 0;
  #lastAtMs = 0;
  #energyKwh = 0;

  constructor(options: MeterOptions) {
    const powerKw = options.powerKw ?? 7.4;
    if (!Number.isFinite(powerKw) || powerKw <= 0) throw new RangeError(`powerKw must be a positive number, got ${powerKw}`);
    this.#powerKw = powerKw;
    this.#now = options.now;
  }

  get powerKw(): number {
    return this.#powerKw;
  }

  /** The session being metered, if any. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  start(sessionId: string): void {
    const nowMs = this.#now();
    this.#sessionId = sessionId;
    this.#startedAtMs = nowMs;
    this.#lastAtMs = nowMs;
    this.#energyKwh = 0;
  }

  setPowerKw(powerKw: number): void {
    if (this.#sessionId !== undefined) this.#integrate();
    this.#powerKw = powerKw;
  }

  /** The running figures; undefined when nothing is charging. */
  read(): MeterReading | undefined {
    if (this.#sessionId === undefined) return undefined;
    this.#integrate();
    return this.#reading(this.#powerKw);
  }

  /** Ends metering and returns the final figures (kW 0: the relay is open). */
  stop(): MeterReading | undefined {
    if (this.#sessionId === undefined) return undefined;
    this.#integrate();
    const final = this.#reading(0);
    this.#sessionId = undefined;
    return final;
  }

  #integrate(): void {
    const nowMs = this.#now();
    const elapsedMs = Math.max(0, nowMs - this.#lastAtMs);
    this.#energyKwh += (this.#powerKw * elapsedMs) / MS_PER_HOUR;
    this.#lastAtMs = nowMs;
  }

  #reading(kW: number): MeterReading {
    return {
      sessionId: this.#sessionId!,
      kW,
      kWh: this.#energyKwh,
      durationS: Math.max(0, this.#lastAtMs - this.#startedAtMs) / 1000,
    };
  }
}
