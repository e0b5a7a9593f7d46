import { performance } from 'node:perf_hooks';
import type { WiringProfile } from '../../wiring/index.ts';
import type { Board, PinLevel } from '../board.ts';
import { startJohnnyFive, stopFirmata } from '../firmata-host.ts';
import type { Logger } from '../../base/logger.ts';
import { startControlApi, type ControlApi } from './control-api.ts';
import { SET_DIGITAL_PIN_VALUE } from './firmata-constants.ts';
import { FirmataDevice } from './firmata-device.ts';
import { VirtualChargePoint } from './virtual-charge-point.ts';
import { openVirtualSerialPort } from './virtual-serial.ts';
import { firmataHostReads } from './host-reads.ts';
import { SimulatedBoard, type SimulatedBoardParts } from './simulated-board.ts';

export interface SimBoardOptions {
  readonly wiring: WiringProfile;
  /** Serve the HTTP control API on this port (0 = a free one); omit for none. */
  readonly controlPort?: number;
  readonly controlHost?: string;
  readonly readyTimeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * `--board sim`: a virtual Arduino Uno running (a model of) StandardFirmata on the far side of a mock serial
 * port, so johnny-five and firmata-io run unchanged; buttons and outputs are reached through `sim`.
 */
class SimBoard extends SimulatedBoard {
  readonly kind = 'sim' as const;
  readonly description = 'virtual Uno (sim)';
  readonly #device: FirmataDevice;

  constructor(parts: SimulatedBoardParts & { device: FirmataDevice }) {
    super(parts);
    this.#device = parts.device;
  }

  protected writePinNow(pin: number, level: PinLevel): void {
    // The same bytes firmata-io would send, handed to the board at once instead of through the async queue.
    this.#device.receive(Uint8Array.of(SET_DIGITAL_PIN_VALUE, pin & 0x7f, level));
  }
}

export async function openSimBoard(options: SimBoardOptions): Promise<Board> {
  const startedAt = performance.now();
  const device = new FirmataDevice();
  const sim = new VirtualChargePoint(device, options.wiring);
  const transport = openVirtualSerialPort(device);
  const host = await startJohnnyFive(transport, 'virtual Uno (sim)', options.readyTimeoutMs ?? 5000);
  sim.attachHost(firmataHostReads(host.io));
  const readyMs = performance.now() - startedAt;
  let controlApi: ControlApi | undefined;
  try {
    if (options.controlPort !== undefined) {
      controlApi = await startControlApi(sim, { port: options.controlPort, host: options.controlHost, logger: options.logger });
    }
  } catch (error) {
    await stopFirmata(host, transport);
    throw error;
  }
  options.logger?.info({ board: 'sim', readyMs: Math.round(readyMs), controlPort: controlApi?.port }, 'board ready');
  return new SimBoard({ device, sim, host, transport, controlApi, readyMs });
}
