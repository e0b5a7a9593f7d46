import { EventEmitter } from 'node:events';
import type five from 'johnny-five';
import type { PinId } from '../../wiring/index.ts';
import type { Board, BoardEvents, BoardKind, PinLevel } from '../board.ts';
import { stopFirmata, type FirmataHost, type FirmataTransport } from '../firmata-host.ts';
import { relayWatchdogFor, type RelayWatchdog } from '../evc-firmware/relay-watchdog.ts';
import type { ControlApi } from './control-api.ts';
import type { VirtualChargePoint } from './virtual-charge-point.ts';

export interface SimulatedBoardParts {
  sim: VirtualChargePoint;
  host: FirmataHost;
  transport: FirmataTransport;
  controlApi: ControlApi | undefined;
  readyMs: number;
}

/**
 * What `sim` and `avr-sim` share: johnny-five over a virtual serial line, the bench (`sim`) and its
 * optional HTTP control API. A subclass says how to drive a pin synchronously and what else to power off.
 */
export abstract class SimulatedBoard extends EventEmitter<BoardEvents> implements Board {
  abstract readonly kind: BoardKind;
  abstract readonly description: string;
  readonly j5: five.Board;
  readonly readyMs: number;
  readonly sim: VirtualChargePoint;
  readonly relayWatchdog: RelayWatchdog | undefined;
  readonly #host: FirmataHost;
  readonly #transport: FirmataTransport;
  readonly #controlApi: ControlApi | undefined;
  #closed = false;

  constructor(parts: SimulatedBoardParts) {
    super();
    this.sim = parts.sim;
    this.#host = parts.host;
    this.#transport = parts.transport;
    this.#controlApi = parts.controlApi;
    this.j5 = parts.host.j5;
    this.readyMs = parts.readyMs;
    this.relayWatchdog = relayWatchdogFor(parts.host.io);
    this.j5.on('error', (error: Error) => this.emit('connection-lost', error));
  }

  get controlPort(): number | undefined {
    return this.#controlApi?.port;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  writePinSync(pin: PinId, level: PinLevel): void {
    if (this.#closed || typeof pin !== 'number') return;
    this.writePinNow(pin, level);
  }

  tapInput(pin: PinId, pressedLevel: PinLevel): Promise<void> {
    if (this.#closed || typeof pin !== 'number') return Promise.resolve();
    return this.sim.tapPin(pin, pressedLevel);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.relayWatchdog?.disarm();
    this.relayWatchdog?.dispose();
    await this.#controlApi?.close();
    await stopFirmata(this.#host, this.#transport);
    this.powerOff();
  }

  /** The bytes on the wire (and through the board) before this returns: the fail-safe's exit paths. */
  protected abstract writePinNow(pin: number, level: PinLevel): void;

  /** Anything of the board's own to stop once the line is closed. */
  protected powerOff(): void {}
}
