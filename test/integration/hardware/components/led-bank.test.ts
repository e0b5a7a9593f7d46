import assert from 'node:assert/strict';
import { LedBank } from '../../../../hardware/components/led-bank.ts';
import type { LedColour } from '../../../../wiring/index.ts';
import { aSimBench, flush, levels, waitForPin, type SimBench } from '../sim-fixture.ts';

describe('hardware/components/led-bank (on the sim board)', () => {
  let bench: SimBench;
  let leds: LedBank;
  const pins = [5, 6, 7]; // green, amber, red on the uno profile

  beforeEach(async () => {
    bench = await aSimBench('uno');
    leds = new LedBank(bench.board, { pins: bench.wiring.leds });
    await flush(bench.board);
  });
  afterEach(async () => {
    leds.dispose();
    await bench.board.close();
  });

  it('starts with every LED off', () => {
    assert.deepEqual(levels(bench.sim, pins), [0, 0, 0]);
    assert.deepEqual(leds.states, { green: { mode: 'off' }, amber: { mode: 'off' }, red: { mode: 'off' } });
  });

  it('lights exactly the LED asked for, on its own pin', async () => {
    const expected: Record<LedColour, Array<number>> = { green: [1, 0, 0], amber: [0, 1, 0], red: [0, 0, 1] };
    for (const colour of ['green', 'amber', 'red'] as const) {
      leds[colour].on();
      await flush(bench.board);
      assert.deepEqual(levels(bench.sim, pins), expected[colour], colour);
      leds[colour].off();
      await flush(bench.board);
      assert.deepEqual(levels(bench.sim, pins), [0, 0, 0], `${colour} off`);
    }
  });

  it('blinks by toggling the pin, and stops blinking on off()', async () => {
    leds.amber.blink(40);
    await waitForPin(bench.sim, 6, 1);
    await waitForPin(bench.sim, 6, 0);
    await waitForPin(bench.sim, 6, 1);
    await waitForPin(bench.sim, 6, 0);
    assert.deepEqual(leds.amber.state, { mode: 'blink', blinkPeriodMs: 40 });
    leds.amber.off();
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(6), 0);
    const toggles: Array<number> = [];
    bench.sim.on('pin-change', (change) => change.pin === 6 && toggles.push(change.level));
    // Prove the timer is gone: a green blink of the same period goes on, off, on while amber stays put.
    leds.green.blink(40);
    await waitForPin(bench.sim, 5, 1);
    await waitForPin(bench.sim, 5, 0);
    await waitForPin(bench.sim, 5, 1);
    assert.deepEqual(toggles, []);
  });

  it('emits change once per mode change, and show() sets all three', async () => {
    const changes: Array<string> = [];
    leds.on('change', (colour, state) => changes.push(`${colour}:${state.mode}`));
    leds.show({ green: 'on', amber: { blinkPeriodMs: 200 } });
    leds.show({ green: 'on', amber: { blinkPeriodMs: 200 } });
    await flush(bench.board);
    assert.deepEqual(changes, ['green:on', 'amber:blink']);
    assert.deepEqual(levels(bench.sim, pins), [1, 1, 0]);
    leds.show({ red: 'on' });
    await flush(bench.board);
    assert.deepEqual(levels(bench.sim, pins), [0, 0, 1]);
  });

  it('refuses a blink period too short to see', () => {
    assert.throws(() => leds.red.blink(5), /at least 20 ms/);
  });
});
