import assert from 'node:assert/strict';
import { once } from 'node:events';
import { BoardAdapter } from '../../../../firmware-host/engine/board-adapter.ts';
import type { EngineEvent } from '../../../../firmware-host/engine/core/state-machine.ts';
import { createChargePointHardware, type ChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { aSimBench, flush, tapHeard, type SimBench } from '../../hardware/sim-fixture.ts';

describe('firmware-host/engine BoardAdapter on a sim board', function () {
  let bench: SimBench;
  let hardware: ChargePointHardware;
  let adapter: BoardAdapter;

  beforeEach(async () => {
    bench = await aSimBench();
    hardware = createChargePointHardware(bench.board, bench.wiring, { failSafe: false });
    adapter = new BoardAdapter(hardware);
    await flush(bench.board);
  });
  afterEach(async () => {
    hardware.close();
    await bench.board.close();
  });

  it('drives the relay and reads it back', async () => {
    adapter.setRelay(true);
    assert.equal(adapter.relayClosed, true);
    await bench.sim.waitForOutput('relay', true);
    adapter.setRelay(false);
    assert.equal(adapter.relayClosed, false);
    await bench.sim.waitForOutput('relay', false);
  });

  it('shows an LED pattern on the pins', async () => {
    adapter.showLeds({ green: 'off', amber: 'on', red: 'on' });
    await flush(bench.board);
    assert.deepEqual(bench.sim.outputs(), { green: false, amber: true, red: true, relay: false });
  });

  it('turns button changes into Engine events until disconnected', async () => {
    const events: EngineEvent['type'][] = [];
    const disconnect = adapter.connectInputs((event) => events.push(event.type));
    await tapHeard(bench.sim, 'ko', hardware.koButton, 'fault-raised');
    await tapHeard(bench.sim, 'plug', hardware.plugButton, 'plugged');
    assert.deepEqual(events, ['ko-raised', 'plug']);

    disconnect();
    await tapHeard(bench.sim, 'ko', hardware.koButton, 'fault-cleared');
    assert.deepEqual(events, ['ko-raised', 'plug'], 'nothing after disconnect');
  });

  it('the keyboard keys tap the buttons through the board', async () => {
    const events: EngineEvent['type'][] = [];
    adapter.connectInputs((event) => events.push(event.type));
    const raised = once(hardware.koButton, 'fault-raised');
    await adapter.toggleKo();
    await raised;
    const plugged = once(hardware.plugButton, 'plugged');
    await adapter.togglePlug();
    await plugged;
    assert.deepEqual(events, ['ko-raised', 'plug']);
  });
});
