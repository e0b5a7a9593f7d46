import { EventEmitter } from 'node:events';
import five from 'johnny-five';
import type { Level, PinId } from '../../wiring/index.ts';
import type { Board } from '../board.ts';
import { processFailSafe, type FailSafe } from './fail-safe.ts';

export interface RelayOptions {
  readonly pin: PinId;
  /** The pin level that closes the contact; most cheap relay modules are active-low. */
  readonly activeLevel: Level;
  /** Where to register the open-on-exit action; `false` for none. Defaults to the process-wide fail-safe. */
  readonly failSafe?: FailSafe | false;
}

export interface RelayEvents {
  closed: [];
  opened: [];
}

/**
 * The power contactor (DESIGN §2): open in every state but CHARGING. Starts open, and opens on every exit path
 * through the fail-safe, which writes the open level synchronously.
 */
export class Relay extends EventEmitter<RelayEvents> {
  readonly #relay: five.Relay;
  readonly #pin: PinId;
  readonly #activeLevel: Level;
  readonly #removeFailSafe: () => void;
  #isClosed = false;
  #disposed = false;

  constructor(board: Board, options: RelayOptions) {
    super();
    this.#pin = options.pin;
    this.#activeLevel = options.activeLevel;
    // johnny-five's NC relay inverts the pin: that is our active-low module.
    this.#relay = new five.Relay({ board: board.j5, pin: options.pin, type: options.activeLevel === 'low' ? 'NC' : 'NO' });
    // Relay does not set the mode of a digital pin; OUTPUT drives it LOW for a moment, then open() sets it.
    board.j5.pinMode(options.pin, board.j5.io.MODES.OUTPUT);
    this.#relay.open();
    const openLevel = options.activeLevel === 'high' ? 0 : 1;
    const failSafe = options.failSafe === undefined ? processFailSafe() : options.failSafe;
    this.#removeFailSafe = failSafe ? failSafe.add(() => board.writePinSync(options.pin, openLevel)) : () => {};
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  get pin(): PinId {
    return this.#pin;
  }

  get activeLevel(): Level {
    return this.#activeLevel;
  }

  /** Closes the contact (energises the load). Ignored after dispose(). */
  close(): void {
    if (this.#disposed || this.#isClosed) return;
    this.#relay.close();
    this.#isClosed = true;
    this.emit('closed');
  }

  /** Opens the contact. Always writes the pin, even if already open: opening is the safe direction. */
  open(): void {
    if (this.#disposed) return;
    this.#relay.open();
    if (!this.#isClosed) return;
    this.#isClosed = false;
    this.emit('opened');
  }

  /** Opens the contact and leaves the fail-safe. */
  dispose(): void {
    this.open();
    this.#disposed = true;
    this.#removeFailSafe();
  }
}
