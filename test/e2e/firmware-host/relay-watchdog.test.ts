import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EmbeddedBroker } from '../../../bus/index.ts';
import { runSimBoard, type SimBoardHandle } from '../../../hardware/sim-board/sim-board.ts';
import type { Authorize } from '../../../protocol/index.ts';
import { loadWiring } from '../../../wiring/index.ts';
import { CP_ID, FakeCentral, SECRET, startBroker } from '../../integration/firmware-host/engine/engine-fixture.ts';
import { useProcesses } from '../../helpers/processes.ts';

// The whole real-hardware path with no hardware: an Engine process drives our firmware on a simulated Uno in
// this process, over a pty, exactly as `--board firmata:/dev/ttyACM0`; the test kills the Engine, the board lives.
describe('Engine + our firmware over a serial port: the relay watchdog when the Engine dies', function () {
  this.timeout(180_000);
  const processes = useProcesses();
  let board: SimBoardHandle;
  let broker: EmbeddedBroker;
  let central: FakeCentral;
  const dataDir = mkdtempSync(join(tmpdir(), 'evc-watchdog-'));
  const serialPath = join(dataDir, 'uno');

  before(async () => {
    board = await runSimBoard({ firmware: 'evc', serialPath, wiring: loadWiring('uno') });
    broker = await startBroker();
    central = await FakeCentral.connect(`mqtt://127.0.0.1:${broker.port}`);
  });
  after(async () => {
    await central?.bus.close();
    await broker?.close();
    await board?.close();
  });

  const startEngine = (name: string) =>
    processes.start(name, [
      'engine', '--id', CP_ID, '--secret', SECRET, '--bus', `mqtt://127.0.0.1:${broker.port}`, '--board', `firmata:${serialPath}`,
      '--engine-port', '0', '--no-menu', '--data', join(dataDir, 'engine'), '--log-level', 'info',
    ]);

  it('SIGKILL mid-charge → relay at its safe level within 1.2 s and the red LED on; a new Engine takes over', async () => {
    const engine = startEngine('engine-1');
    await engine.waitForLine(/relay watchdog armed/, { timeoutMs: 60_000 });
    await board.sim.waitForOutput('green', true, 10_000);

    await central.waitFor((event) => event.type === 'state' && event.state === 'AVAILABLE', 'AVAILABLE', 10_000); // subscribed by now
    await central.send<Authorize>('authorize', { sessionId: 'S1', driverId: 'D1', expiresAt: Date.now() + 60_000 });
    const next = await central.waitFor((event) => event.type === 'state' && (event.state === 'RESERVED' || event.state === 'CHARGING'), 'RESERVED', 10_000);
    // johnny-five may read the plug pin before its pull-up is on (the port is reported when the KO button asks for
    // it) and count a press: then the car is already "plugged" and the authorize starts the charge at once.
    if (next.type === 'state' && next.state === 'RESERVED') {
      board.sim.pressButton('plug');
      await board.sim.waitForOutput('relay', true, 10_000);
      board.sim.releaseButton('plug');
    }
    await board.sim.waitForOutput('relay', true, 10_000);

    const killedAtMs = performance.now();
    const killedAtSimMs = board.uno.simulatedMs;
    engine.signal('SIGKILL');
    // A liveness bound only: on a starved host the simulated chip runs slower than the wall clock.
    await board.sim.waitForOutput('relay', false, 30_000);
    const wallMs = performance.now() - killedAtMs;
    const simulatedMs = board.uno.simulatedMs - killedAtSimMs;
    console.log(`      relay opened ${Math.round(simulatedMs)} ms (board clock) / ${Math.round(wallMs)} ms (wall) after SIGKILL`);
    // The board's own clock: a loaded test machine slows the simulated chip, never the firmware's promise.
    assert.ok(simulatedMs <= 1200, `relay opened ${simulatedMs} ms after SIGKILL (board clock)`);
    // The firmware drives the LED one instruction after the relay: the simulated chip may stop between the two.
    await board.sim.waitForOutput('red', true, 5_000);
    const redSimulatedMs = board.uno.simulatedMs - killedAtSimMs;
    assert.ok(redSimulatedMs <= 1200, `the red LED came on ${redSimulatedMs} ms after SIGKILL (board clock)`);
    await engine.waitForExit(10_000);

    const second = startEngine('engine-2');
    await second.waitForLine(/relay watchdog armed/, { timeoutMs: 60_000 }); // handshake with the reset board, armed again
    await second.waitForLine(/engine running/, { timeoutMs: 10_000 });
    await board.sim.waitForOutput('green', true, 10_000);
    assert.equal(board.sim.outputs().relay, false, 'the new Engine starts with the relay open');
    await second.stop('SIGTERM', 10_000);
  });
});
