import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
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
  #known = false;
  #awaitFirstReport = false;
  #settling: ReturnType<typeof setTimeout> | undefined;
  #settleEndsAt = 0;
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
    // Reports the board sent before it applied the pull-up say nothing about the button (a neighbour's set-up
    // can report this pin floating LOW). A pin-state query is answered after everything written before it,
    // so the button counts edges from its answer on; an IO without the query (raspi) from its first report.
    if (typeof io.queryPinState === 'function') io.queryPinState(options.pin, () => this.#settle());
    else this.#awaitFirstReport = true;
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
    if (!this.#known) {
      this.#lastReportPressed = pressed;
      if (this.#awaitFirstReport) this.#settle();
      return;
    }
    // A window whose end passed while its timer waited behind other work ends now, by the reports that came
    // inside it, before this later report is looked at.
    if (this.#settling !== undefined && performance.now() >= this.#settleEndsAt) this.#endWindow();
    this.#lastReportPressed = pressed;
    if (this.#settling === undefined) this.#take(pressed);
  }

  /** From here on every change is an edge; a button already held now is a press (a KO held at start is a fault). */
  #settle(): void {
    if (this.#known || this.#disposed) return;
    this.#known = true;
    this.#take(this.#lastReportPressed);
  }

  #endWindow(): void {
    clearTimeout(this.#settling);
    this.#settling = undefined;
    if (!this.#disposed) this.#take(this.#lastReportPressed);
  }

  #take(pressed: boolean): void {
    if (pressed === this.#isPressed) return;
    this.#isPressed = pressed;
    this.#settleEndsAt = performance.now() + this.#debounceMs;
    this.#settling = setTimeout(() => this.#endWindow(), this.#debounceMs);
    this.emit(pressed ? 'press' : 'release');
  }
}
