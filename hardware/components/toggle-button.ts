import { EventEmitter } from 'node:events';
import type { PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';
import { ButtonInput } from './button-input.ts';

/** What a toggle button's two states are called in its events, e.g. `fault-raised` / `fault-cleared`. */
export interface ToggleNames<On extends string, Off extends string> {
  readonly on: On;
  readonly off: Off;
}

export interface ToggleButtonOptions<On extends string, Off extends string> {
  readonly pin: PinId;
  readonly pullUp: boolean;
  readonly names: ToggleNames<On, Off>;
  readonly debounceMs?: number;
}

export type ToggleButtonEvents<On extends string, Off extends string> = { [K in On | Off | 'press' | 'release']: [] };

/** DESIGN §6: each press of KO toggles the fault — raise, then clear. */
export const KO_TOGGLE = { on: 'fault-raised', off: 'fault-cleared' } as const;
/** DESIGN §6: each press of plug toggles the car — plug in, then unplug. */
export const PLUG_TOGGLE = { on: 'plugged', off: 'unplugged' } as const;

/**
 * A push button whose every press flips a state (the KO and plug buttons): `press`/`release` for the finger,
 * `names.on`/`names.off` for the state. `tap()` presses it the way the board can (a finger on a simulated
 * pin, or the reading injected into a real board's IO), so the keyboard menu travels the button's own path.
 */
export class ToggleButton<On extends string, Off extends string> extends EventEmitter<ToggleButtonEvents<On, Off>> {
  readonly #board: Board;
  readonly #input: ButtonInput;
  readonly #names: ToggleNames<On, Off>;
  #isOn = false;

  constructor(board: Board, options: ToggleButtonOptions<On, Off>) {
    super();
    this.#board = board;
    this.#names = options.names;
    this.#input = new ButtonInput(board, options);
    this.#input.on('press', () => {
      this.#emit('press');
      this.set(!this.#isOn);
    });
    this.#input.on('release', () => this.#emit('release'));
  }

  get isOn(): boolean {
    return this.#isOn;
  }

  get isPressed(): boolean {
    return this.#input.isPressed;
  }

  get pin(): PinId {
    return this.#input.pin;
  }

  /** Sets the state from software (tests, a board that cannot tap); the same events as a press. */
  set(on: boolean): void {
    if (on === this.#isOn) return;
    this.#isOn = on;
    this.#emit(on ? this.#names.on : this.#names.off);
  }

  /** One press and release, through the board (see Board.tapInput). */
  tap(): Promise<void> {
    return this.#board.tapInput(this.#input.pin, this.#input.pressedLevel);
  }

  dispose(): void {
    this.#input.dispose();
  }

  #emit(event: On | Off | 'press' | 'release'): void {
    (this as EventEmitter).emit(event);
  }
}

export type KoButton = ToggleButton<typeof KO_TOGGLE.on, typeof KO_TOGGLE.off>;
export type PlugButton = ToggleButton<typeof PLUG_TOGGLE.on, typeof PLUG_TOGGLE.off>;
