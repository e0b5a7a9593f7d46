import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import pc from 'picocolors';
import { firmwareNames, type FirmwareName } from '../../hardware/index.ts';
import { flashBoards, type FlashBoard } from '../../hardware/flash/avrdude.ts';
import { flashBoard } from '../../hardware/flash/flash-board.ts';
import { UsageError } from '../../protocol/index.ts';

interface FlashFlags {
  port: string;
  board: string;
  firmware: string;
  verbose: boolean;
}

async function ask(question: string): Promise<string> {
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await readline.question(question);
  } finally {
    readline.close();
  }
}

/** `evc flash` (DESIGN §6): our firmware (or StandardFirmata) onto an Uno or Nano with avrdude, verified. */
async function flashCommand(flags: FlashFlags): Promise<void> {
  if (!(flashBoards as ReadonlyArray<string>).includes(flags.board)) throw new UsageError(`--board must be ${flashBoards.join(' or ')}, got "${flags.board}"`);
  if (!(firmwareNames as ReadonlyArray<string>).includes(flags.firmware)) throw new UsageError(`--firmware must be ${firmwareNames.join(' or ')}, got "${flags.firmware}"`);
  const board = flags.board as FlashBoard;
  const name = flags.firmware === 'evc' ? 'EVCFirmata (our firmware, with the relay watchdog)' : 'StandardFirmata';
  process.stdout.write(`flashing ${name} onto the ${board} on ${flags.port === 'auto' ? 'the board found on USB' : flags.port}…\n`);
  const result = await flashBoard({
    port: flags.port,
    board,
    firmware: flags.firmware as FirmwareName,
    ask: process.stdin.isTTY ? ask : undefined,
    onOutput: flags.verbose ? (text) => process.stderr.write(text) : undefined,
  });
  const tick = process.stdout.isTTY ? pc.green('✓') : 'ok';
  process.stdout.write(`${tick} ${result.bytesVerified} bytes written and verified on ${result.port}\n`);
  process.stdout.write(`next: evc cp --id CP1 --central HOST:7070 --board firmata:${result.port} --wiring ${board}\n`);
}

export function register(program: Command): void {
  program
    .command('flash')
    .description('flash a lab board (Uno or Nano) with avrdude: our firmware by default, or StandardFirmata')
    .option('--port <path>', 'serial port of the board, or auto to find it on USB', 'auto')
    .option('--board <board>', 'uno (Optiboot, 115200 baud) or nano (old bootloader, 57600 baud)', 'uno')
    .option('--firmware <name>', 'evc (ours: Firmata plus a relay watchdog) or standard (StandardFirmata)', 'evc')
    .option('--verbose', "show avrdude's own output", false)
    .action((flags: FlashFlags) => flashCommand(flags));
}
