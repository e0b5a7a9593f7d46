import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EvcError } from '../../protocol/index.ts';
import { firmwareHexPath, type FirmwareName } from '../avr-sim/firmware.ts';
import { avrdudeArguments, avrdudeFailure, verifiedBytes, type FlashBoard } from './avrdude.ts';
import { findBoardPort } from './detect-port.ts';

export interface FlashOptions {
  /** A serial port path, or `auto` to find the board on USB. */
  readonly port: string;
  readonly board: FlashBoard;
  readonly firmware: FirmwareName;
  /** Asks the user to pick among several boards (only on a terminal). */
  readonly ask?: (question: string) => Promise<string>;
  /** avrdude's own output, as it comes (progress bars); omit to keep it quiet. */
  readonly onOutput?: (text: string) => void;
  /** The avrdude program; default `avrdude` on the PATH. */
  readonly avrdude?: string;
}

export interface FlashResult {
  readonly port: string;
  readonly hexPath: string;
  readonly bytesVerified: number;
}

/** `evc flash`: writes the firmware through the board's bootloader with the real avrdude, which verifies it. */
export async function flashBoard(options: FlashOptions): Promise<FlashResult> {
  const port = options.port === 'auto' ? await findBoardPort({ ask: options.ask }) : options.port;
  if (port.startsWith('/') && !existsSync(port)) {
    throw new EvcError('BOARD_NOT_FOUND', `serial port ${port} does not exist: plug the board in and check ls /dev/ttyACM* /dev/ttyUSB*, or use --port auto`);
  }
  const hexPath = firmwareHexPath(options.firmware);
  const args = avrdudeArguments({ port, board: options.board, hexPath });
  const { code, output } = await run(options.avrdude ?? 'avrdude', args, options.onOutput);
  const bytes = verifiedBytes(output);
  if (code !== 0 || bytes === undefined) throw avrdudeFailure(output, { port, board: options.board, exitCode: code });
  return { port, hexPath, bytesVerified: bytes };
}

function run(program: string, args: Array<string>, onOutput?: (text: string) => void): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      onOutput?.(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new EvcError('AVRDUDE_MISSING', `${program} is not installed: sudo apt-get install avrdude (macOS: brew install avrdude)`));
      else reject(new EvcError('FLASH_FAILED', `cannot run ${program}: ${error.message}`));
    });
    child.once('close', (code) => resolve({ code, output }));
  });
}
