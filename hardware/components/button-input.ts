import { EventEmitter } from 'node:events';
import type { PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';

export interface ButtonInputOptions {
  readonly pin: PinId;
  /** Button to GND with the internal pull-up: reads LOW while pressed. */
  readonly pullUp: boolean;
  /** Contact bounce settles within this; edges inside it after an accepted edge are not taken alone. Default 7 ms. */
  readonly debounceMs?: number;
}

export interface ButtonInputEvents {
  press: [];
  release: [];
}

const DEFAULT_DEBOUNCE_MS = 7;

/**
 * A push button read straight from the board's IO (pinMode, digitalRead: johnny-five's IO boundary).
 *
 * Every edge the firmware reports is latched: the first report of a new level is an edge at once, then the
 * input is left alone for `debounceMs` and looked at again — bounce inside that window collapses into the
 * edge, and a level that differs at its end is the next edge. So a press and its release read together
 * (a host whose event loop was busy for longer than the press) still give press, then release. johnny-five's
 * Button debounces on the trailing edge instead and keeps only the last level: that loses such a press.
 */
export class ButtonInput extends EventEmitter<ButtonInputEvents> {
  readonly #board: Board;
  readonly #pin: PinId;
  readonly #pressedLevel: 0 | 1;
  readonly #debounceMs: number;
  readonly #onRead = (level: number): void => this.#reported(level === this.#pressedLevel);
  #isPressed = false;
  #lastReportPressed = false;
  #settling: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(board: Board, options: ButtonInputOptions) {
    super();
    this.#board = board;
    this.#pin = options.pin;
    this.#pressedLevel = options.pullUp ? 0 : 1;
    this.#debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    const io = board.j5.io;
    io.pinMode(options.pin, io.MODES.INPUT);
    // Writing HIGH to an input turns its pull-up on (Firmata, and how johnny-five's Button asks for one).
    if (options.pullUp) io.digitalWrite(options.pin, io.HIGH);
    io.digitalRead(options.pin, this.#onRead);
  }

  get isPressed(): boolean {
    return this.#isPressed;
  }

  get pin(): PinId {
    return this.#pin;
  }

  /** The level that reads as pressed (LOW with the pull-up). */
  get pressedLevel(): 0 | 1 {
    return this.#pressedLevel;
  }

  /** Stops listening; no timer is left behind. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#settling);
    this.#board.j5.io.removeListener?.(`digital-read-${this.#pin}`, this.#onRead);
  }

  #reported(pressed: boolean): void {
    if (this.#disposed) return;
    this.#lastReportPressed = pressed;
    if (this.#settling === undefined) this.#take(pressed);
  }

  #take(pressed: boolean): void {
    if (pressed === this.#isPressed) return;
    this.#isPressed = pressed;
    this.#settling = setTimeout(() => {
      this.#settling = undefined;
      if (!this.#disposed) this.#take(this.#lastReportPressed);
    }, this.#debounceMs);
    this.emit(pressed ? 'press' : 'release');
  }
}
