import assert from 'node:assert/strict';
import { PinMode } from '../../../../hardware/sim/firmata-constants.ts';
import { aSimBench, flush, type SimBench } from '../sim-fixture.ts';

describe('hardware/sim/sim-board (johnny-five over the virtual Uno)', () => {
  let bench: SimBench | undefined;
  afterEach(async () => {
    await bench?.board.close();
    bench = undefined;
  });

  it('gets johnny-five ready through the whole Firmata handshake', async () => {
    bench = await aSimBench();
    const { board } = bench;
    assert.equal(board.kind, 'sim');
    assert.equal(board.j5.isReady, true);
    assert.equal(board.j5.io.firmware.name, 'StandardFirmata.ino');
    assert.deepEqual(board.j5.io.version, { major: 2, minor: 5 });
    assert.equal(board.j5.io.pins.length, 20, 'capability response read');
    assert.deepEqual(board.j5.io.analogPins, [14, 15, 16, 17, 18, 19], 'analog mapping read');
    assert.ok(board.readyMs > 0);
  });

  it('carries pin modes and writes from johnny-five to the board', async () => {
    bench = await aSimBench();
    const { board, sim } = bench;
    board.j5.pinMode(12, PinMode.OUTPUT);
    board.j5.digitalWrite(12, 1);
    await flush(board);
    assert.equal(sim.pins()[12]!.mode, PinMode.OUTPUT);
    assert.equal(sim.pinLevel(12), 1);
    board.j5.digitalWrite(12, 0);
    await flush(board);
    assert.equal(sim.pinLevel(12), 0);
  });

  it('answers PIN_STATE_QUERY through firmata-io', async () => {
    bench = await aSimBench();
    const { board } = bench;
    board.j5.io.pinMode(2, PinMode.PULLUP);
    await new Promise((resolve) => board.j5.io.queryPinState(2, resolve));
    assert.equal(board.j5.io.pins[2].mode, PinMode.PULLUP);
    assert.equal(board.j5.io.pins[2].state, 1, 'pull-up on');
  });

  it('writePinSync drives the pin before it returns', async () => {
    bench = await aSimBench();
    const { board, sim } = bench;
    board.writePinSync(8, 1);
    assert.equal(sim.pinLevel(8), 1);
    board.writePinSync(8, 0);
    assert.equal(sim.pinLevel(8), 0);
  });

  it('close() is idempotent and leaves the board closed', async () => {
    bench = await aSimBench();
    await bench.board.close();
    await bench.board.close();
    assert.equal(bench.board.isClosed, true);
  });

  it('refuses a wiring profile with pins the Uno lacks', async () => {
    await assert.rejects(aSimBench('raspberry-pi'), /pin GPIO17, which the virtual Uno lacks/);
  });
});
