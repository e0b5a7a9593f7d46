import type { Command } from 'commander';
import { pino } from 'pino';
import pc from 'picocolors';
import { firmwareNames, type FirmwareName } from '../../hardware/index.ts';
import { runSimBoard } from '../../hardware/sim-board/sim-board.ts';
import { UsageError } from '../../protocol/index.ts';
import { loadWiring } from '../../wiring/index.ts';
import { onStopSignals } from '../stop-signals.ts';

interface SimBoardFlags {
  firmware: string;
  serial: string;
  simPort?: string;
  simHost: string;
  wiring: string;
  logLevel: string;
}

/** `evc sim-board` (DESIGN §6): a simulated Uno behind a serial port until SIGINT/SIGTERM. */
async function simBoardCommand(flags: SimBoardFlags): Promise<void> {
  if (!(firmwareNames as ReadonlyArray<string>).includes(flags.firmware)) {
    throw new UsageError(`--firmware must be ${firmwareNames.join(' or ')}, got "${flags.firmware}"`);
  }
  const simPort = flags.simPort === undefined ? undefined : Number(flags.simPort);
  if (simPort !== undefined && (!Number.isInteger(simPort) || simPort < 0 || simPort > 65_535)) {
    throw new UsageError(`--sim-port must be a port number (0-65535), got "${flags.simPort}"`);
  }
  const logger = pino({ name: 'sim-board', level: flags.logLevel }, pino.destination(2));
  const board = await runSimBoard({
    firmware: flags.firmware as FirmwareName,
    serialPath: flags.serial,
    wiring: loadWiring(flags.wiring),
    simPort,
    simHost: flags.simHost,
    logger,
  });
  const control = board.controlPort === undefined ? '' : `, control http://${flags.simHost}:${board.controlPort}`;
  process.stdout.write(`${pc.bold('sim-board')} ${flags.firmware} firmware on ${board.serialPath}${control}\n`);
  process.stdout.write(`next: evc flash --port ${board.serialPath}   or   evc cp --board firmata:${board.serialPath} ...\n`);
  await new Promise<void>((resolve) => onStopSignals(() => resolve(), { once: true }));
  await board.close();
}

export function register(program: Command): void {
  program
    .command('sim-board')
    .description('a simulated Uno (ATmega328P) as its own process behind a serial port: flash it, or run a CP on it with --board firmata:PATH')
    .requiredOption('--serial <path>', 'where the serial port appears (a symlink to a pseudo-terminal), e.g. /tmp/evc-uno')
    .option('--firmware <name>', 'what is in flash at start: evc (ours) or standard (StandardFirmata)', 'evc')
    .option('--sim-port <port>', 'serve the sim HTTP control API (buttons, GET /outputs, GET /flash) on this port')
    .option('--sim-host <host>', 'address of the control API', '127.0.0.1')
    .option('--wiring <profile>', 'where the buttons and outputs are: uno or nano', 'uno')
    .option('--log-level <level>', 'pino log level', 'info')
    .action((flags: SimBoardFlags) => simBoardCommand(flags));
}
