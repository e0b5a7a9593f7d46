import { EventEmitter } from 'node:events';
import { existsSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type five from 'johnny-five';
import { SerialPort } from 'serialport';
import { EvcError } from '../protocol/index.ts';
import type { PinId } from '../wiring/index.ts';
import type { Board, BoardEvents, PinLevel } from './board.ts';
import { startJohnnyFive, stopFirmata, type FirmataHost } from './firmata-host.ts';
import { injectTap } from './inject-tap.ts';
import type { Logger } from '../base/logger.ts';
import { relayWatchdogFor, type RelayWatchdog } from './evc-firmware/relay-watchdog.ts';
import { SET_DIGITAL_PIN_VALUE } from './sim/firmata-constants.ts';

export interface SerialBoardOptions {
  /** An Uno resets when the port opens and boots for ~2 s before StandardFirmata answers. */
  readonly readyTimeoutMs?: number;
  readonly logger?: Logger;
}

/** `--board firmata:/dev/ttyACM0`: a real Arduino running StandardFirmata on a USB serial port. */
class SerialFirmataBoard extends EventEmitter<BoardEvents> implements Board {
  readonly kind = 'firmata' as const;
  readonly description: string;
  readonly j5: five.Board;
  readonly readyMs: number;
  readonly relayWatchdog: RelayWatchdog | undefined;
  readonly #host: FirmataHost;
  readonly #port: SerialPort;
  #closed = false;

  constructor(path: string, host: FirmataHost, port: SerialPort, readyMs: number) {
    super();
    this.description = path;
    this.#host = host;
    this.#port = port;
    this.j5 = host.j5;
    this.readyMs = readyMs;
    this.relayWatchdog = relayWatchdogFor(host.io);
    this.j5.on('error', (error: Error) => this.emit('connection-lost', error));
    // serialport closes the stream itself when the device goes away (cable pulled, board reset by hand).
    port.on('close', (error?: Error | null) => {
      if (!this.#closed) this.emit('connection-lost', new Error(`${path} closed: ${error?.message ?? 'the port went away'}`));
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  writePinSync(pin: PinId, level: PinLevel): void {
    if (this.#closed || typeof pin !== 'number') return;
    const bytes = Uint8Array.of(SET_DIGITAL_PIN_VALUE, pin & 0x7f, level);
    // Straight to the tty's file descriptor, so the bytes leave even from a process 'exit' handler.
    const fd = (this.#port.port as { fd?: unknown } | undefined)?.fd;
    if (typeof fd === 'number') writeSync(fd, bytes);
    else this.#port.write(Buffer.from(bytes));
  }

  tapInput(pin: PinId, pressedLevel: PinLevel): Promise<void> {
    return this.#closed ? Promise.resolve() : injectTap(this.j5, pin, pressedLevel);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.relayWatchdog?.disarm();
    this.relayWatchdog?.dispose();
    await stopFirmata(this.#host, this.#port);
  }
}

export async function openSerialFirmataBoard(path: string, options: SerialBoardOptions = {}): Promise<Board> {
  if (path.startsWith('/') && !existsSync(path)) {
    throw new EvcError('BOARD_NOT_FOUND', `serial port ${path} does not exist: plug the Arduino in and check ls /dev/ttyACM* /dev/ttyUSB*`);
  }
  const startedAt = performance.now();
  const port = new SerialPort({ path, baudRate: 57600 });
  const host = await startJohnnyFive(port, path, options.readyTimeoutMs ?? 10_000);
  const readyMs = performance.now() - startedAt;
  options.logger?.info({ board: 'firmata', path, firmware: host.io.firmware.name, readyMs: Math.round(readyMs) }, 'board ready');
  return new SerialFirmataBoard(path, host, port, readyMs);
}
