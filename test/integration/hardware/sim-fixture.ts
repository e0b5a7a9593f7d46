import { once, type EventEmitter } from 'node:events';
import type { Board } from '../../../hardware/board.ts';
import { createChargePointHardware, type ChargePointHardware } from '../../../hardware/components/charge-point-hardware.ts';
import { openBoard } from '../../../hardware/open-board.ts';
import type { VirtualChargePoint } from '../../../hardware/sim/virtual-charge-point.ts';
import type { Bit } from '../../../hardware/sim/firmata-device.ts';
import { loadWiring, type ButtonName, type WiringProfile } from '../../../wiring/index.ts';

export interface SimBench {
  readonly board: Board;
  readonly sim: VirtualChargePoint;
  readonly wiring: WiringProfile;
}

/** A ready johnny-five on a fresh virtual Uno, wired as `profile` says. Close it in afterEach. */
export async function aSimBench(profile = 'uno', options: { simPort?: number } = {}): Promise<SimBench> {
  const wiring = loadWiring(profile);
  const board = await openBoard('sim', { wiring, simPort: options.simPort });
  return { board, sim: board.sim!, wiring };
}

/**
 * Waits until the board has handled everything the host wrote so far: a PIN_STATE_QUERY travels the same serial
 * queue, so its answer comes after every earlier write took effect. No sleeping.
 */
export function flush(board: Board): Promise<void> {
  return new Promise((resolve) => board.j5.io.queryPinState(0, () => resolve()));
}

/** Resolves when `pin` reads `level` on the virtual board; rejects after a deadline naming the pin. */
export function waitForPin(sim: VirtualChargePoint, pin: number, level: Bit, timeoutMs = 3000): Promise<void> {
  if (sim.pinLevel(pin) === level) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const listener = (change: { pin: number; level: Bit }): void => {
      if (change.pin !== pin || change.level !== level) return;
      clearTimeout(timer);
      sim.off('pin-change', listener);
      resolve();
    };
    const timer = setTimeout(() => {
      sim.off('pin-change', listener);
      reject(new Error(`pin ${pin} did not go ${level} within ${timeoutMs} ms`));
    }, timeoutMs);
    sim.on('pin-change', listener);
  });
}

/** The levels of the given pins, read on the virtual board. */
export const levels = (sim: VirtualChargePoint, pins: ReadonlyArray<number>): Array<Bit> => pins.map((pin) => sim.pinLevel(pin));

/**
 * The charging point's parts on `board`, first proving its firmware drives outputs: green on and the relay
 * closed, both seen on the pins. Then `use`; the parts and the board are closed after, whatever happened.
 */
export async function withPartsDriving(board: Board & { readonly sim: VirtualChargePoint }, wiring: WiringProfile, use: (hardware: ChargePointHardware) => Promise<void>): Promise<void> {
  const hardware = createChargePointHardware(board, wiring, { failSafe: false });
  try {
    hardware.leds.green.on();
    hardware.relay.close();
    await board.sim.waitForOutput('green', true);
    await board.sim.waitForOutput('relay', true);
    await use(hardware);
  } finally {
    hardware.close();
    await board.close();
  }
}

/** A finger taps `button` on the virtual board; resolves once `part` emitted `event` (the part heard the tap). */
export async function tapHeard(sim: VirtualChargePoint, button: ButtonName, part: EventEmitter, event: string): Promise<void> {
  const heard = once(part, event);
  await sim.tapButton(button);
  await heard;
}
