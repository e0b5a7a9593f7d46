import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { aSimBench, flush, type SimBench } from '../sim-fixture.ts';

/** Blocks the event loop, as a busy host (CI on two cores) does now and then. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('hardware/sim: a tap through a stalled event loop', function () {
  let bench: SimBench;

  beforeEach(async () => {
    bench = await aSimBench();
  });

  afterEach(async () => {
    await bench.board.close();
  });

  it('still reaches the button: the hold starts once the host has read the press', async function () {
    const hardware = createChargePointHardware(bench.board, bench.wiring, { failSafe: false });
    try {
      await flush(bench.board);
      const raised = once(hardware.koButton, 'fault-raised');
      const tapped = bench.sim.tapButton('ko', 60);
      // Longer than the hold: were the release timer armed at the press, Node's timers phase would run it
      // before the poll phase hands johnny-five the press, and the debounce would keep only the release.
      stall(150);
      await tapped;
      await raised;
      assert.equal(hardware.koButton.isOn, true);
    } finally {
      hardware.close();
    }
  });
});
