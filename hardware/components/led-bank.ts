import { EventEmitter } from 'node:events';
import five from 'johnny-five';
import type { LedColour, PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';

export type LedMode = 'off' | 'on' | 'blink';

export interface LedState {
  readonly mode: LedMode;
  /** Full on+off cycle while blinking; undefined otherwise. */
  readonly blinkPeriodMs?: number;
}

export const DEFAULT_BLINK_PERIOD_MS = 1000;

/** One indicator LED (pin → resistor → LED → GND, so HIGH is lit). */
export class StatusLed {
  readonly #led: five.Led;
  readonly #colour: LedColour;
  readonly #onChange: (colour: LedColour, state: LedState) => void;
  #state: LedState = { mode: 'off' };

  constructor(board: Board, colour: LedColour, pin: PinId, onChange: (colour: LedColour, state: LedState) => void) {
    this.#led = new five.Led({ board: board.j5, pin });
    this.#colour = colour;
    this.#onChange = onChange;
    this.#led.off();
  }

  get colour(): LedColour {
    return this.#colour;
  }

  get state(): LedState {
    return this.#state;
  }

  get mode(): LedMode {
    return this.#state.mode;
  }

  on(): void {
    this.#led.stop().on();
    this.#set({ mode: 'on' });
  }

  off(): void {
    this.#led.stop().off();
    this.#set({ mode: 'off' });
  }

  /** Blinks with a full cycle of `periodMs` (half on, half off), starting lit. */
  blink(periodMs = DEFAULT_BLINK_PERIOD_MS): void {
    if (!(periodMs >= 20)) throw new RangeError(`blink period must be at least 20 ms, got ${periodMs}`);
    if (this.#state.mode === 'blink' && this.#state.blinkPeriodMs === periodMs) return; // keep the phase
    this.#led.stop().on();
    this.#led.blink(periodMs / 2);
    this.#set({ mode: 'blink', blinkPeriodMs: periodMs });
  }

  #set(state: LedState): void {
    const before = this.#state;
    this.#state = state;
    if (before.mode !== state.mode || before.blinkPeriodMs !== state.blinkPeriodMs) this.#onChange(this.#colour, state);
  }
}

export interface LedBankOptions {
  readonly pins: Readonly<Record<LedColour, PinId>>;
}

export interface LedBankEvents {
  change: [colour: LedColour, state: LedState];
}

/** The front panel's green, amber and red LEDs (DESIGN §2 table). */
export class LedBank extends EventEmitter<LedBankEvents> {
  readonly green: StatusLed;
  readonly amber: StatusLed;
  readonly red: StatusLed;

  constructor(board: Board, options: LedBankOptions) {
    super();
    const notify = (colour: LedColour, state: LedState): void => {
      this.emit('change', colour, state);
    };
    this.green = new StatusLed(board, 'green', options.pins.green, notify);
    this.amber = new StatusLed(board, 'amber', options.pins.amber, notify);
    this.red = new StatusLed(board, 'red', options.pins.red, notify);
  }

  /** Every LED's current mode. */
  get states(): Record<LedColour, LedState> {
    return { green: this.green.state, amber: this.amber.state, red: this.red.state };
  }

  led(colour: LedColour): StatusLed {
    return this[colour];
  }

  /** Sets all three at once; colours left out are turned off. */
  show(pattern: Partial<Record<LedColour, LedMode | { blinkPeriodMs: number }>>): void {
    for (const colour of ['green', 'amber', 'red'] as const) {
      const wanted = pattern[colour] ?? 'off';
      const led = this[colour];
      if (wanted === 'on') led.on();
      else if (wanted === 'off') led.off();
      else if (wanted === 'blink') led.blink();
      else led.blink(wanted.blinkPeriodMs);
    }
  }

  /** Stops blinking timers and turns every LED off. */
  dispose(): void {
    this.green.off();
    this.amber.off();
    this.red.off();
  }
}
