// The board contract (test/helpers/board-contract.ts) on every board kind this machine can run.
import { openAvrSimBoard } from '../../../hardware/avr-sim/avr-sim-board.ts';
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
