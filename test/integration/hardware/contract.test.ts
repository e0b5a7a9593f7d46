// The board contract (test/helpers/board-contract.ts) on every board kind this machine can run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAvrSimBoard } from '../../../hardware/avr-sim/avr-sim-board.ts';
import { runSimBoard } from '../../../hardware/sim-board/sim-board.ts';
import { openBoard } from '../../../hardware/open-board.ts';
import { VirtualChargePoint } from '../../../hardware/sim/virtual-charge-point.ts';
import { loadWiring } from '../../../wiring/index.ts';
import { boardContract } from '../../helpers/board-contract.ts';
import { aPtyPair, attachDevice, hasSocat } from '../../helpers/pty.ts';

const wiring = loadWiring('uno');

boardContract('sim (virtual Firmata over a mock serial port)', async () => {
  const board = await openBoard('sim', { wiring });
  return { board, wiring, bench: board.sim!, runFirmware: () => {}, close: () => board.close() };
});

boardContract('avr-sim (StandardFirmata on a simulated ATmega328P)', async () => {
  const board = await openAvrSimBoard({ wiring });
  return { board, wiring, bench: board.sim, runFirmware: (ms) => board.uno.runNow(ms), close: () => board.close() };
});

boardContract('firmata: over a pseudo-terminal (socat), virtual Firmata on the far end', async (ctx) => {
  if (!hasSocat()) {
    if (process.env.CI) throw new Error('socat is missing: .ci/run installs it');
    console.log('      (skipped: socat is not installed; apt-get install socat to run these)');
    ctx.skip();
  }
  const pty = await aPtyPair();
  const far = attachDevice(pty.board);
  try {
    const board = await openBoard(`firmata:${pty.host}`, { wiring, readyTimeoutMs: 10_000 });
    return {
      board,
      wiring,
      bench: new VirtualChargePoint(far.device, wiring),
      runFirmware: () => {},
      close: async () => {
        await board.close();
        await far.close();
        pty.socat.kill();
      },
    };
  } catch (error) {
    await far.close();
    pty.socat.kill();
    throw error;
  }
});

boardContract('avr-sim:evc (our firmware, EVCFirmata, on a simulated ATmega328P)', async () => {
  const board = await openAvrSimBoard({ wiring, firmware: 'evc' });
  return { board, wiring, bench: board.sim, runFirmware: (ms) => board.uno.runNow(ms), close: () => board.close() };
});

boardContract('firmata: to evc sim-board (our firmware on a simulated Uno behind a pty, as a real Uno on USB)', async (ctx) => {
  if (spawnSync('python3', ['--version']).error) {
    if (process.env.CI) throw new Error('python3 is missing: .ci/run installs it');
    console.log('      (skipped: python3 is not installed; evc sim-board needs it for its pty)');
    ctx.skip();
  }
  const serialPath = join(mkdtempSync(join(tmpdir(), 'evc-contract-')), 'uno');
  const simBoard = await runSimBoard({ firmware: 'evc', serialPath, wiring });
  try {
    const board = await openBoard(`firmata:${serialPath}`, { wiring, readyTimeoutMs: 15_000 });
    return {
      board,
      wiring,
      bench: simBoard.sim,
      // The simulated chip lives in this thread (its bytes cross a pty to the host's serial port): a blocked host blocks it too.
      runFirmware: (ms) => simBoard.uno.runNow(ms),
      close: async () => {
        await board.close();
        await simBoard.close();
      },
    };
  } catch (error) {
    await simBoard.close();
    throw error;
  }
});
