import assert from 'node:assert/strict';
import { once } from 'node:events';
import { EvcError } from '../../../../protocol/index.ts';
import { loadWiring, type ButtonName } from '../../../../wiring/index.ts';
import { openBoard } from '../../../../hardware/open-board.ts';
import { aSimBench, flush, type SimBench } from '../sim-fixture.ts';

describe('hardware/sim VirtualChargePoint (the fingers and probes on the virtual Uno)', function () {
  let bench: SimBench;
  beforeEach(async () => (bench = await aSimBench()));
  afterEach(async () => bench.board.close());

  it('a press pulls the button’s pin to GND and a release lets the pull-up hold it high', async () => {
    const pin = bench.wiring.buttons.ko.pin as number;
    bench.board.j5.pinMode(pin, bench.board.j5.io.MODES.PULLUP);
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(pin), 1);
    bench.sim.pressButton('ko');
    assert.equal(bench.sim.pinLevel(pin), 0);
    bench.sim.releaseButton('ko');
    assert.equal(bench.sim.pinLevel(pin), 1);
  });

  it('reports outputs as the wiring reads them, and each change as it happens', async () => {
    const green = bench.wiring.leds.green as number;
    bench.board.j5.pinMode(green, bench.board.j5.io.MODES.OUTPUT);
    const change = once(bench.sim, 'output-change');
    bench.board.j5.digitalWrite(green, 1);
    const [event, outputs] = (await change) as [{ name: string; on: boolean }, Record<string, boolean>];
    assert.deepEqual(event, { name: 'green', on: true });
    assert.equal(outputs.green, true);
    await bench.sim.waitForOutput('green', true);
    await assert.rejects(bench.sim.waitForOutput('red', true, 20), /output red did not turn on within 20 ms/);
  });

  it('an unknown button name is refused, naming the ones there are', () => {
    assert.throws(() => bench.sim.pressButton('horn' as ButtonName), (error: unknown) => error instanceof EvcError && /unknown button "horn": use ko or plug/.test(error.message));
  });

  it('a wiring with a pin the virtual Uno lacks is refused', async () => {
    const wiring = loadWiring('raspberry-pi');
    await assert.rejects(openBoard('sim', { wiring }), (error: unknown) => error instanceof EvcError && error.code === 'BAD_WIRING');
  });
});
