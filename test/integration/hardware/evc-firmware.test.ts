import assert from 'node:assert/strict';
import type { AvrSimBoard } from '../../../hardware/avr-sim/avr-sim-board.ts';
import { openBoard } from '../../../hardware/open-board.ts';
import { PinMode } from '../../../hardware/sim/firmata-constants.ts';
import { loadWiring } from '../../../wiring/index.ts';
import { flush, tapHeard, withPartsDriving } from './sim-fixture.ts';

// Our firmware (firmware/build/evc-firmata.hex) on the simulated ATmega328P: every level here was set by it.
const openEvc = async (profile: string): Promise<AvrSimBoard> => (await openBoard('avr-sim:evc', { wiring: loadWiring(profile) })) as AvrSimBoard;

describe('firmware: EVCFirmata on a simulated ATmega328P', function () {
  this.timeout(90_000); // a busy host slows the simulated chip: the timing assertions use the board's own clock

  it('does the Firmata handshake johnny-five needs: version, name, capabilities, analog mapping, pin state', async () => {
    const board = await openEvc('uno');
    try {
      const { io } = board.j5;
      assert.equal(io.firmware.name, 'EVCFirmata');
      assert.deepEqual(io.version, { major: 2, minor: 5 });
      assert.equal(io.pins.length, 20);
      assert.deepEqual(io.analogPins, [14, 15, 16, 17, 18, 19]);
      assert.deepEqual(io.pins[0]!.supportedModes, [], 'D0 carries the serial link');
      assert.deepEqual(io.pins[3]!.supportedModes, [PinMode.INPUT, PinMode.OUTPUT, PinMode.PWM, PinMode.PULLUP]);
      assert.deepEqual(io.pins[14]!.supportedModes, [PinMode.INPUT, PinMode.OUTPUT, PinMode.ANALOG, PinMode.PULLUP]);
      assert.ok(board.relayWatchdog, 'the relay watchdog is there because the firmware is ours');
      assert.equal(board.sim.pins()[8]!.mode, PinMode.INPUT, 'nothing driven after boot: the relay pin is released');
      board.j5.pinMode(9, PinMode.OUTPUT);
      board.j5.digitalWrite(9, 1);
      const state = await new Promise<{ mode: number; state: number }>((resolve) => {
        (io as unknown as { queryPinState(pin: number, callback: () => void): void }).queryPinState(9, () => resolve(io.pins[9] as never));
      });
      assert.equal(state.mode, PinMode.OUTPUT);
      assert.equal(state.state, 1);
    } finally {
      await board.close();
    }
  });

  it('runs the charging point parts: LEDs, relay, PWM, KO and plug through johnny-five', async () => {
    const wiring = loadWiring('uno');
    const board = await openEvc('uno');
    await withPartsDriving(board, wiring, async (hardware) => {
      await flush(board); // every pull-up is on before a finger comes near a button
      await tapHeard(board.sim, 'ko', hardware.koButton, 'press');
      await tapHeard(board.sim, 'plug', hardware.plugButton, 'press');
      hardware.leds.amber.blink(100); // PWM pin D6: johnny-five's Led writes it with ANALOG_MESSAGE
      await board.sim.waitForOutput('amber', true);
      await board.sim.waitForOutput('amber', false);
      hardware.leds.amber.off();
      // A port write carries every pin of its port: a PWM LED on it keeps its duty (the Engine's green on D5).
      board.j5.pinMode(5, PinMode.PWM);
      board.j5.analogWrite(5, 255);
      board.j5.digitalWrite(2, 1);
      await flush(board);
      assert.equal(board.sim.pinLevel(5), 1, 'D5 still at duty 255 after a port 0 write');
      board.writePinSync(8, 0);
      assert.equal(board.sim.outputs().relay, false, 'the fail-safe write went through the firmware before returning');
    });
  });

});
