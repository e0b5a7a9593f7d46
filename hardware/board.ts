import type five from 'johnny-five';
import type { PinId } from '../wiring/index.ts';
import type { RelayWatchdog } from './evc-firmware/relay-watchdog.ts';
import type { VirtualChargePoint } from './sim/virtual-charge-point.ts';

/** The board adapters `--board` chooses between (DESIGN §6). */
export type BoardKind = 'sim' | 'firmata' | 'raspi' | 'avr-sim';

export type PinLevel = 0 | 1;

export interface BoardEvents {
  /** The line to the board failed after it was ready (cable pulled, port error): treat as a fault. */
  'connection-lost': [error: Error];
}

/** What Board's event side offers (implementations are EventEmitter<BoardEvents>). */
export interface BoardEventSource {
  on<K extends keyof BoardEvents>(event: K, listener: (...args: BoardEvents[K]) => void): this;
  once<K extends keyof BoardEvents>(event: K, listener: (...args: BoardEvents[K]) => void): this;
  off<K extends keyof BoardEvents>(event: K, listener: (...args: BoardEvents[K]) => void): this;
}

/**
 * One contract for every board (the EVerest model): components see only a ready johnny-five board;
 * the kind behind it is chosen by config alone.
 */
export interface Board extends BoardEventSource {
  readonly kind: BoardKind;
  /** For logs and errors: "virtual Uno (sim)", "/dev/ttyACM0", ... */
  readonly description: string;
  /** The ready johnny-five board; pass it as `board` to johnny-five components. */
  readonly j5: five.Board;
  /** Milliseconds from openBoard() to johnny-five ready. */
  readonly readyMs: number;
  /** Only on `sim`: the virtual charging point (press buttons, read output pins). */
  readonly sim?: VirtualChargePoint;
  /** Only on `sim` with a control port: the port the HTTP control API listens on. */
  readonly controlPort?: number;
  readonly isClosed: boolean;
  /** Only when the board runs our firmware (EVCFirmata): its relay watchdog, for the Engine to arm and keep fed. */
  readonly relayWatchdog?: RelayWatchdog;
  /**
   * Drives an output pin now, synchronously (the bytes are on the wire when it returns): the fail-safe uses it
   * on exit paths where no async work runs (DESIGN §2: the relay opens within one event-loop turn).
   */
  writePinSync(pin: PinId, level: PinLevel): void;
  /**
   * One press and release of the button on input `pin` (pressed = `pressedLevel`), as this board can give it:
   * a finger on the pin of a simulated board, the reading injected into a real board's IO (the keyboard menu
   * on a bench). Chosen when the board is built, so the Engine never asks which kind it has.
   */
  tapInput(pin: PinId, pressedLevel: PinLevel): Promise<void>;
  /** Stops timers, closes the serial line (or GPIO), stops the control API. Idempotent. */
  close(): Promise<void>;
}
