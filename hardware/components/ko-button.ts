import { EventEmitter } from 'node:events';
import type { PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';
import { ButtonInput } from './button-input.ts';

export interface KoButtonOptions {
  readonly pin: PinId;
  readonly pullUp: boolean;
}

export interface KoButtonEvents {
  'fault-raised': [];
  'fault-cleared': [];
  press: [];
  release: [];
}

/** The KO button (DESIGN §6): each press toggles a simulated fault — raise, then clear. */
export class KoButton extends EventEmitter<KoButtonEvents> {
  readonly #input: ButtonInput;
  #isFaulted = false;

  constructor(board: Board, options: KoButtonOptions) {
    super();
    this.#input = new ButtonInput(board, options);
    this.#input.on('press', () => {
      this.emit('press');
      this.#set(!this.#isFaulted);
    });
    this.#input.on('release', () => this.emit('release'));
  }

  get isFaulted(): boolean {
    return this.#isFaulted;
  }

  get isPressed(): boolean {
    return this.#input.isPressed;
  }

  /** The same toggle from software (the Engine's keyboard menu), so button and menu never disagree. */
  raiseFault(): void {
    this.#set(true);
  }

  clearFault(): void {
    this.#set(false);
  }

  dispose(): void {
    this.#input.dispose();
  }

  #set(faulted: boolean): void {
    if (faulted === this.#isFaulted) return;
    this.#isFaulted = faulted;
    this.emit(faulted ? 'fault-raised' : 'fault-cleared');
  }
}
