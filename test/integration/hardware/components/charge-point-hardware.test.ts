import assert from 'node:assert/strict';
import { createChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { aSimBench, flush, tapHeard, type SimBench } from '../sim-fixture.ts';

describe('hardware/components/charge-point-hardware on the sim board', function () {
  let bench: SimBench;
  beforeEach(async () => (bench = await aSimBench()));
  afterEach(async () => bench.board.close());

  it('builds every part where the wiring says: LEDs, relay (open at start), KO and plug buttons', async () => {
    const hardware = createChargePointHardware(bench.board, bench.wiring, { failSafe: false });
    try {
      await flush(bench.board);
      assert.deepEqual(bench.sim.outputs(), { green: false, amber: false, red: false, relay: false });
      hardware.leds.show({ green: 'on', amber: 'off', red: 'on' });
      hardware.relay.close();
      await bench.sim.waitForOutput('relay', true);
      assert.deepEqual(bench.sim.outputs(), { green: true, amber: false, red: true, relay: true });
      await tapHeard(bench.sim, 'ko', hardware.koButton, 'fault-raised');
      await tapHeard(bench.sim, 'plug', hardware.plugButton, 'plugged');
    } finally {
      hardware.close();
    }
  });

  it('close opens the relay and turns the LEDs off, once; the board stays open', async () => {
    const hardware = createChargePointHardware(bench.board, bench.wiring, { failSafe: false });
    hardware.leds.show({ green: 'on', amber: 'on', red: 'on' });
    hardware.relay.close();
    await bench.sim.waitForOutput('relay', true);
    hardware.close();
    hardware.close();
    await flush(bench.board);
    assert.deepEqual(bench.sim.outputs(), { green: false, amber: false, red: false, relay: false });
    assert.equal(bench.board.isClosed, false);
  });
});
