import { performance } from 'node:perf_hooks';
import type { WiringProfile } from '../../wiring/index.ts';
import type { PinLevel } from '../board.ts';
import { startJohnnyFive, stopFirmata, type FirmataHost } from '../firmata-host.ts';
import type { Logger } from '../../base/logger.ts';
import { startControlApi, type ControlApi } from '../sim/control-api.ts';
import { DIGITAL_MESSAGE } from '../sim/firmata-constants.ts';
import { VirtualChargePoint } from '../sim/virtual-charge-point.ts';
import { openVirtualSerialPort } from '../sim/virtual-serial.ts';
import { AvrUno } from './avr-uno.ts';
import { firmwareHexPath, loadFirmware, type FirmwareName } from './firmware.ts';
import { firmataHostReads } from '../sim/host-reads.ts';
import { SimulatedBoard, type SimulatedBoardParts } from '../sim/simulated-board.ts';

export interface AvrSimBoardOptions {
  readonly wiring: WiringProfile;
  /** Serve the HTTP control API on this port (0 = a free one); omit for none. */
  readonly controlPort?: number;
  readonly controlHost?: string;
  /** Default 15 s: the firmware boots in ~1.9 s of simulated time, slower than that on a loaded host. */
  readonly readyTimeoutMs?: number;
  readonly logger?: Logger;
  /** Which firmware runs on the chip: `standard` (StandardFirmata 2.4, the default) or `evc` (ours, firmware/). */
  readonly firmware?: FirmwareName;
  /** Another Uno firmware image (Intel HEX) speaking Firmata; overrides `firmware`. */
  readonly firmwarePath?: string;
  /**
   * Run the chip flat out until johnny-five is ready, then in real time (default true). StandardFirmata blinks
   * its version on D13 for ~1.9 s before it says hello; nothing outside can tell that time was compressed.
   */
  readonly fastBoot?: boolean;
}


/**
 * `--board avr-sim` (DESIGN §6): an Uno whose ATmega328P is simulated instruction by instruction (avr8js) running
 * the real StandardFirmata, reached by johnny-five over a virtual serial port. Same `sim` surface and control API
 * as `--board sim`; the difference is that every pin level here was set by the firmware itself.
 */
export class AvrSimBoard extends SimulatedBoard {
  readonly kind = 'avr-sim' as const;
  readonly description: string;
  /** The simulated Uno: clock statistics, pace, analog inputs. */
  readonly uno: AvrUno;

  constructor(parts: SimulatedBoardParts & { uno: AvrUno }) {
    super(parts);
    this.description = `simulated ATmega328P running ${parts.host.io.firmware.name} (avr-sim)`;
    this.uno = parts.uno;
    this.uno.on('halted', (error) => {
      if (!this.isClosed) this.emit('connection-lost', new Error(`the simulated ATmega328P stopped: ${error.message}`));
    });
  }

  protected writePinNow(pin: number, level: PinLevel): void {
    // StandardFirmata 2.4 predates SET_DIGITAL_PIN_VALUE, so send what firmata-io's digitalWrite sends: the
    // whole port, the other pins as the firmware drives them now; run through the firmware before returning.
    const port = pin >> 3;
    const bit = 1 << (pin & 7);
    const value = level ? this.uno.firmataPortValue(port) | bit : this.uno.firmataPortValue(port) & ~bit;
    this.uno.receiveNow(Uint8Array.of(DIGITAL_MESSAGE | port, value & 0x7f, (value >> 7) & 0x7f));
  }

  protected override powerOff(): void {
    this.uno.stop();
  }
}

export async function openAvrSimBoard(options: AvrSimBoardOptions): Promise<AvrSimBoard> {
  const startedAt = performance.now();
  const flash = await loadFirmware(options.firmwarePath ?? firmwareHexPath(options.firmware ?? 'standard'));
  const description = `simulated ATmega328P (avr-sim, ${options.firmwarePath ?? `${options.firmware ?? 'standard'} firmware`})`;
  const fastBoot = options.fastBoot ?? true;
  const uno = new AvrUno(flash, { pace: fastBoot ? 'unthrottled' : 'real-time' });
  const sim = new VirtualChargePoint(uno, options.wiring); // refuses a wiring the Uno cannot take, before power-on
  const transport = openVirtualSerialPort(uno); // powers the chip on when the port opens
  let host: FirmataHost | undefined;
  let controlApi: ControlApi | undefined;
  let readyMs: number;
  try {
    host = await startJohnnyFive(transport, description, options.readyTimeoutMs ?? 15_000);
    sim.attachHost(firmataHostReads(host.io));
    readyMs = performance.now() - startedAt;
    uno.pace = 'real-time';
    if (options.controlPort !== undefined) {
      controlApi = await startControlApi(sim, { port: options.controlPort, host: options.controlHost, logger: options.logger });
    }
  } catch (error) {
    await stopFirmata(host, transport);
    uno.stop();
    throw error;
  }
  options.logger?.info(
    { board: 'avr-sim', firmware: host.io.firmware.name, readyMs: Math.round(readyMs), simulatedBootMs: Math.round(uno.simulatedMs), controlPort: controlApi?.port },
    'board ready',
  );
  return new AvrSimBoard({ uno, sim, host, transport, controlApi, readyMs });
}
