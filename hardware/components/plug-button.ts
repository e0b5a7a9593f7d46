import { EventEmitter } from 'node:events';
import type { PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';
import { ButtonInput } from './button-input.ts';

export interface PlugButtonOptions {
  readonly pin: PinId;
  readonly pullUp: boolean;
}

export interface PlugButtonEvents {
  plugged: [];
  unplugged: [];
  press: [];
  release: [];
}

/** The plug button (DESIGN §6): each press toggles the car — plug in, then unplug. */
export class PlugButton extends EventEmitter<PlugButtonEvents> {
  readonly #input: ButtonInput;
  #isPlugged = false;

  constructor(board: Board, options: PlugButtonOptions) {
    super();
    this.#input = new ButtonInput(board, options);
    this.#input.on('press', () => {
      this.emit('press');
      this.#set(!this.#isPlugged);
    });
    this.#input.on('release', () => this.emit('release'));
  }

  get isPlugged(): boolean {
    return this.#isPlugged;
  }

  get isPressed(): boolean {
    return this.#input.isPressed;
  }

  /** The same toggle from software (the Engine's keyboard menu), so button and menu never disagree. */
  plug(): void {
    this.#set(true);
  }

  unplug(): void {
    this.#set(false);
  }

  dispose(): void {
    this.#input.dispose();
  }

  #set(plugged: boolean): void {
    if (plugged === this.#isPlugged) return;
    this.#isPlugged = plugged;
    this.emit(plugged ? 'plugged' : 'unplugged');
  }
}
