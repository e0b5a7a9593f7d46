import { EventEmitter } from 'node:events';
import five from 'johnny-five';
import type { PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';

export interface ButtonInputOptions {
  readonly pin: PinId;
  /** Button to GND with the internal pull-up: reads LOW while pressed. */
  readonly pullUp: boolean;
}

export interface ButtonInputEvents {
  press: [];
  release: [];
}

/**
 * A debounced push button around johnny-five's Button, which only reports a level that held for 7 ms
 * (contact bounce inside that window collapses into one edge). Emits press/release on real edges only.
 */
export class ButtonInput extends EventEmitter<ButtonInputEvents> {
  readonly #board: Board;
  readonly #button: five.Button;
  #isPressed = false;
  #disposed = false;

  constructor(board: Board, options: ButtonInputOptions) {
    super();
    this.#board = board;
    this.#button = new five.Button({ board: board.j5, pin: options.pin, isPullup: options.pullUp });
    this.#button.on('down', () => this.#edge(true));
    this.#button.on('up', () => this.#edge(false));
  }

  get isPressed(): boolean {
    return this.#isPressed;
  }

  get pin(): PinId {
    return this.#button.pin;
  }

  /**
   * Stops listening. johnny-five keeps a 'hold' interval running while a button is down and offers no way to
   * stop it, so a held button is handed a released reading through its IO, which clears that interval.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    (this.#button as unknown as EventEmitter).removeAllListeners();
    if ((this.#button as unknown as { isDown: boolean }).isDown) {
      this.#board.j5.io.emit(`digital-read-${this.#button.pin}`, this.#button.upValue);
    }
  }

  #edge(pressed: boolean): void {
    if (this.#disposed || pressed === this.#isPressed) return;
    this.#isPressed = pressed;
    this.emit(pressed ? 'press' : 'release');
  }
}
