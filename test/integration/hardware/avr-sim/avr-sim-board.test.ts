import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import five from 'johnny-five';
import type { AvrSimBoard } from '../../../../hardware/avr-sim/avr-sim-board.ts';
import { ButtonInput } from '../../../../hardware/components/button-input.ts';
import { createChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { openBoard } from '../../../../hardware/open-board.ts';
import { PinMode } from '../../../../hardware/sim/firmata-constants.ts';
import { loadWiring } from '../../../../wiring/index.ts';
import { flush, withPartsDriving } from '../sim-fixture.ts';

// Every pin level asserted here was set by the real StandardFirmata running on the simulated ATmega328P.
const wiring = loadWiring('uno');
const openAvrSim = async (simPort?: number): Promise<AvrSimBoard> => (await openBoard('avr-sim', { wiring, simPort })) as AvrSimBoard;
const openBoardUrl = new URL('../../../../hardware/open-board.ts', import.meta.url).href;
const hardwareUrl = new URL('../../../../hardware/index.ts', import.meta.url).href;
const wiringUrl = new URL('../../../../wiring/index.ts', import.meta.url).href;

describe('hardware/avr-sim (johnny-five on real StandardFirmata in a simulated ATmega328P)', function () {
  this.timeout(30_000); // each board boots the firmware: ~1.9 s simulated, run flat out

  describe('one board, driven by johnny-five', () => {
    let board: AvrSimBoard;
    before(async () => {
      board = await openAvrSim();
    });
    after(async () => {
      await board.close();
    });

    it('boots the real firmware: johnny-five ready after the full Firmata handshake', () => {
      assert.equal(board.kind, 'avr-sim');
      assert.equal(board.j5.isReady, true);
      assert.equal(board.j5.io.firmware.name, 'StandardFirmata.ino');
      assert.deepEqual(board.j5.io.version, { major: 2, minor: 4 });
      assert.equal(board.j5.io.pins.length, 20, 'capability response from the firmware');
      assert.deepEqual(board.j5.io.analogPins, [14, 15, 16, 17, 18, 19], 'analog mapping from the firmware');
      assert.ok(board.uno.simulatedMs > 1500, 'the version blink on D13 ran before the firmware said hello');
      assert.equal(board.uno.pace, 'real-time');
    });

    it('johnny-five LEDs and relay move the port pins: D5–D7 on PORTD, D8 on PORTB', async () => {
      const green = new five.Led({ pin: 5, board: board.j5 });
      const relay = new five.Relay({ pin: 8, type: 'NO', board: board.j5 });
      green.on();
      relay.close();
      await board.sim.waitForOutput('green', true);
      await board.sim.waitForOutput('relay', true);
      assert.deepEqual(board.sim.outputs(), { green: true, amber: false, red: false, relay: true });
      assert.equal(board.sim.pins()[8]!.mode, PinMode.OUTPUT, 'DDRB bit 0 set by the firmware');
      green.off();
      relay.open();
      await board.sim.waitForOutput('green', false);
      await board.sim.waitForOutput('relay', false);
    });

    it('a finger on the KO pin reaches johnny-five as Button press and release', async () => {
      const button = new ButtonInput(board, wiring.buttons.ko); // johnny-five's Button, disposable
      try {
        await flush(board);
        assert.equal(board.sim.pins()[2]!.pullUp, true, 'PORTD bit 2 set on an input: pull-up on');
        assert.equal(board.sim.pinLevel(2), 1, 'released: the pull-up holds it HIGH');
        const pressed = once(button, 'press');
        board.sim.pressButton('ko');
        await pressed;
        const released = once(button, 'release');
        board.sim.releaseButton('ko');
        await released;
      } finally {
        button.dispose();
      }
    });

    it('writePinSync runs the command through the firmware before it returns', async () => {
      board.j5.pinMode(9, PinMode.OUTPUT);
      await flush(board);
      board.writePinSync(9, 1);
      assert.equal(board.sim.pinLevel(9), 1);
      board.writePinSync(9, 0);
      assert.equal(board.sim.pinLevel(9), 0);
    });
  });

  it('runs the charging point parts and the control API on the firmware', async () => {
    const board = await openAvrSim(0);
    await withPartsDriving(board, wiring, async (hardware) => {
      const reply = await fetch(`http://127.0.0.1:${board.controlPort}/outputs`);
      assert.deepEqual(await reply.json(), { green: true, amber: false, red: false, relay: true });

      const raised = once(hardware.koButton, 'fault-raised');
      const press = await fetch(`http://127.0.0.1:${board.controlPort}/buttons/ko/press`, { method: 'POST' });
      assert.equal(press.status, 200);
      await raised;
      assert.equal(board.sim.pinLevel(wiring.buttons.ko.pin as number), 0);

      hardware.relay.open();
      await board.sim.waitForOutput('relay', false);
    });
  });

  it('the plug button keeps its pull-up through RESERVED → CHARGING LED changes on its port (Firmata 2.4)', async () => {
    // firmata-io caches a held button's reported 0 in its port value; the whole-port writes of the LED change
    // the plug-in triggers must not send that 0 back, or Firmata 2.4 turns the pull-up off and the button
    // reads pressed for ever: the unplug tap is lost and the car can never leave (seen in `evc cp --board avr-sim`).
    const board = await openAvrSim();
    const hardware = createChargePointHardware(board, wiring, { failSafe: false });
    const plugPin = wiring.buttons.plug.pin as number;
    try {
      hardware.leds.show({ green: 'blink', amber: 'off', red: 'off' });
      await board.sim.waitForOutput('green', !board.sim.outputs().green);
      hardware.plugButton.once('plugged', () => {
        hardware.relay.close();
        hardware.leds.show({ green: 'on', amber: 'blink', red: 'off' });
      });
      const plugged = once(hardware.plugButton, 'plugged');
      await board.sim.tapButton('plug');
      await plugged;
      await board.sim.waitForOutput('amber', !board.sim.outputs().amber);
      assert.equal(board.sim.pins()[plugPin]!.pullUp, true, 'PORTD bit 3 still set after the plug-in tap');
      const unplugged = once(hardware.plugButton, 'unplugged');
      await board.sim.tapButton('plug');
      await unplugged;
      assert.equal(board.sim.pins()[plugPin]!.pullUp, true, 'and after the unplug tap');
    } finally {
      hardware.close();
      await board.close();
    }
  });

  it('close() stops the chip and the control API; it is idempotent', async () => {
    const board = await openAvrSim(0);
    assert.equal(board.uno.isRunning, true);
    await board.close();
    await board.close();
    assert.equal(board.isClosed, true);
    assert.equal(board.uno.isRunning, false);
    await assert.rejects(fetch(`http://127.0.0.1:${board.controlPort}/outputs`), 'control API closed');
  });

  it('the fail-safe opens the relay through the firmware when the process dies of an uncaught error', async () => {
    const { code, output } = await runChild([
      `import { writeSync } from 'node:fs';`,
      `import { createChargePointHardware, openBoard } from ${JSON.stringify(hardwareUrl)};`,
      `import { loadWiring } from ${JSON.stringify(wiringUrl)};`,
      `const wiring = loadWiring('uno');`,
      `const board = await openBoard('avr-sim', { wiring });`,
      `board.sim.on('pin-change', (change) => { if (change.pin === 8) writeSync(1, 'relay-pin ' + change.level + '\\n'); });`,
      `const hardware = createChargePointHardware(board, wiring);`,
      `hardware.relay.close();`,
      `await board.sim.waitForOutput('relay', true);`,
      `writeSync(1, 'charging\\n');`,
      `setImmediate(() => { throw new Error('engine bug while charging'); });`,
    ]);
    assert.notEqual(code, 0, output);
    const lines = output.split('\n').filter((line) => line.startsWith('relay-pin') || line === 'charging');
    assert.deepEqual(lines, ['relay-pin 1', 'charging', 'relay-pin 0'], output);
  });

  it('leaves no handles: a process that opens and closes the board ends by itself', async () => {
    const { code, output } = await runChild([
      `import { openBoard } from ${JSON.stringify(openBoardUrl)};`,
      `const board = await openBoard('avr-sim', { simPort: 0 });`,
      `board.j5.digitalWrite(13, 1);`,
      `await board.close();`,
      `console.log('closed');`,
    ]);
    assert.equal(code, 0, output);
    assert.match(output, /^closed$/m);
  });
});

/** Runs an ES module script in a child Node with tsx; fails if it is still running after 20 s. */
async function runChild(lines: ReadonlyArray<string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', lines.join('\n')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(deadline);
  assert.equal(signal, null, `the child was still running after 20 s (something holds its event loop):\n${output}`);
  return { code, output };
}
