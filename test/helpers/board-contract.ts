// The behaviour every Board must show (hardware/board.ts, DESIGN §2 and §6), as mocha tests run on each
// kind of board with a bench on its far end: `boardContract('sim', makeTarget)`. Like bus-contract.ts for buses.
// A new board (another firmware, a board behind a pty in its own process) is one more call with its factory.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Board } from '../../hardware/board.ts';
import { createChargePointHardware, type ChargePointHardware } from '../../hardware/components/charge-point-hardware.ts';
import type { OutputName, VirtualChargePoint } from '../../hardware/sim/virtual-charge-point.ts';
import type { WiringProfile } from '../../wiring/index.ts';

export interface BoardTarget {
  readonly board: Board;
  readonly wiring: WiringProfile;
  /** The far end of the line: a finger on each button and a voltmeter on each output, by pin level. */
  readonly bench: VirtualChargePoint;
  /**
   * Runs the board's firmware for `ms` of its own time now, synchronously, while the host's event loop is
   * blocked: a simulated chip in this thread (avr-sim). A board that reports at once, or runs elsewhere, does nothing.
   */
  runFirmware(ms: number): void;
  close(): Promise<void>;
}

/** Blocks the event loop until `until` (performance.now() time), as a busy host does. */
function blockUntil(until: number): void {
  while (performance.now() < until);
}

export function boardContract(name: string, makeTarget: (ctx: Mocha.Context) => Promise<BoardTarget>): void {
  describe(`Board contract: ${name}`, function () {
    this.timeout(30_000);
    let target: BoardTarget;
    let hardware: ChargePointHardware;

    beforeEach(async function () {
      target = await makeTarget(this);
      hardware = createChargePointHardware(target.board, target.wiring, { failSafe: false });
      await settled(target.board);
    });
    afterEach(async () => {
      hardware?.close();
      await target?.close();
    });

    const output = (name: OutputName, on: boolean) => target.bench.waitForOutput(name, on, 10_000);

    it('is ready, says what it is, and starts with the relay open and the LEDs off', () => {
      assert.ok(target.board.readyMs >= 0);
      assert.ok(target.board.description.length > 0);
      assert.equal(target.board.isClosed, false);
      assert.deepEqual(target.bench.outputs(), { green: false, amber: false, red: false, relay: false });
    });

    it('drives the relay and the LEDs on the pins the wiring names', async () => {
      hardware.relay.close();
      await output('relay', true);
      hardware.leds.show({ green: 'on', amber: 'off', red: 'on' });
      await output('green', true);
      await output('red', true);
      hardware.relay.open();
      await output('relay', false);
      assert.equal(target.bench.outputs().amber, false);
    });

    it('writePinSync opens the relay with no async work after it (the fail-safe path)', async () => {
      hardware.relay.close();
      await output('relay', true);
      const relay = target.wiring.relay;
      target.board.writePinSync(relay.pin, relay.activeLevel === 'high' ? 0 : 1);
      await output('relay', false);
    });

    it('KO: a finger on the pin raises the fault, the next press clears it', async () => {
      const raised = once(hardware.koButton, 'fault-raised');
      target.bench.pressButton('ko');
      await raised;
      target.bench.releaseButton('ko');
      await untilReleased(hardware);
      const cleared = once(hardware.koButton, 'fault-cleared');
      target.bench.pressButton('ko');
      await cleared;
      target.bench.releaseButton('ko');
      await untilReleased(hardware);
    });

    it('plug: a finger plugs the car in, the next press unplugs it; KO never sees it', async () => {
      const plugged = once(hardware.plugButton, 'plugged');
      target.bench.pressButton('plug');
      await plugged;
      target.bench.releaseButton('plug');
      await untilReleased(hardware);
      assert.equal(hardware.koButton.isOn, false);
    });

    it('tap() (the keyboard menu) gives exactly one toggle through the button', async () => {
      let toggles = 0;
      hardware.koButton.on('fault-raised', () => toggles++);
      hardware.koButton.on('fault-cleared', () => toggles++);
      const raised = once(hardware.koButton, 'fault-raised');
      await hardware.koButton.tap();
      await raised;
      await untilReleased(hardware);
      assert.equal(toggles, 1);
      assert.equal(hardware.koButton.isOn, true);
    });

    it('a 40 ms press while the host is blocked for 200 ms still raises the fault (issue 12: no lost presses)', async () => {
      const raised = once(hardware.koButton, 'fault-raised');
      const startedAt = performance.now();
      target.bench.pressButton('ko');
      target.runFirmware(40);
      blockUntil(startedAt + 40);
      target.bench.releaseButton('ko');
      target.runFirmware(10);
      blockUntil(startedAt + 200);
      await raised;
      await untilReleased(hardware);
      assert.equal(hardware.koButton.isOn, true);
    });

    it('close() closes the board once; a second close is harmless', async () => {
      hardware.close();
      await target.board.close();
      assert.equal(target.board.isClosed, true);
      await target.board.close();
    });
  });
}

/** Waits until both buttons read released (the release edge lands a debounce window after a press). */
async function untilReleased(hardware: ChargePointHardware): Promise<void> {
  for (const button of [hardware.koButton, hardware.plugButton]) {
    if (button.isPressed) await once(button, 'release');
  }
}

/** Everything written so far has reached the board: a pin-state query is answered after it. */
function settled(board: Board): Promise<void> {
  return new Promise((resolve) => board.j5.io.queryPinState(0, () => resolve()));
}
