import { EvcError } from '../../protocol/index.ts';

/** The boards `evc flash --board` knows: both an ATmega328P; they differ in their bootloader's baud rate. */
export type FlashBoard = 'uno' | 'nano';
export const flashBoards: ReadonlyArray<FlashBoard> = ['uno', 'nano'];

/** Uno: Optiboot at 115200 baud. Nano (and clones): the old ATmegaBOOT at 57600 (Arduino IDE "Old Bootloader"). */
export const BOOTLOADER_BAUD: Readonly<Record<FlashBoard, number>> = { uno: 115_200, nano: 57_600 };

/**
 * The avrdude command line, as the Arduino IDE runs it: the `arduino` programmer (STK500v1 through the
 * bootloader), no chip erase (-D: the bootloader erases each page as it writes it), then avrdude's own verify.
 */
export function avrdudeArguments(options: { port: string; board: FlashBoard; hexPath: string }): Array<string> {
  return ['-c', 'arduino', '-p', 'atmega328p', '-b', String(BOOTLOADER_BAUD[options.board]), '-D', '-P', options.port, '-U', `flash:w:${options.hexPath}:i`];
}

/** What a successful run wrote ("avrdude: 4178 bytes of flash verified"). */
export function verifiedBytes(output: string): number | undefined {
  const match = /(\d+) bytes of flash verified/.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** Turns a failed avrdude run into one clear error that says what to do next. */
export function avrdudeFailure(output: string, context: { port: string; board: FlashBoard; exitCode: number | null }): EvcError {
  const { port, board } = context;
  if (/No such file or directory/.test(output) && /cannot open port|can't open device|ser_open/.test(output)) {
    return new EvcError('BOARD_NOT_FOUND', `serial port ${port} does not exist: plug the board in, or use --port auto`);
  }
  if (/Permission denied/.test(output)) {
    return new EvcError('PORT_PERMISSION', `no permission to open ${port}: run sudo usermod -aG dialout $USER, then log out and in again`);
  }
  if (/Device or resource busy/.test(output)) {
    return new EvcError('PORT_BUSY', `${port} is in use by another program (a running evc cp, a serial monitor): stop it and flash again`);
  }
  const signature = /device signature = (0x[0-9a-fA-F]{6})/.exec(output);
  if (signature && /expected signature|Yikes|double check chip|signature .* does not match/i.test(output)) {
    return new EvcError('WRONG_BOARD', `the chip on ${port} has signature ${signature[1]}, not an ATmega328P (0x1e950f): this is not an Uno or Nano`);
  }
  if (/verification error|content mismatch|verification mismatch/i.test(output)) {
    return new EvcError('VERIFY_FAILED', `the flash of the board on ${port} does not read back as written: flash again, or try another USB cable`);
  }
  if (/not in sync|not responding|programmer is not responding/.test(output)) {
    const other = board === 'uno' ? 'nano' : 'uno';
    return new EvcError(
      'NO_BOOTLOADER',
      `no bootloader answered on ${port} at ${BOOTLOADER_BAUD[board]} baud: check --board (try --board ${other}), or press the board's reset button as the upload starts`,
    );
  }
  const last = output.split('\n').map((line) => line.trim()).filter((line) => /error/i.test(line)).pop();
  return new EvcError('FLASH_FAILED', `avrdude failed (exit ${context.exitCode ?? 'signal'}): ${last ?? 'see its output above'}`);
}
