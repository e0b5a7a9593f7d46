import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EvcError } from '../../protocol/index.ts';
import { ATMEGA328P_FLASH_BYTES } from './atmega328p.ts';
import { parseIntelHex } from './intel-hex.ts';

/** StandardFirmata 2.4 for the Uno, vendored from the Firmata project (see firmware/README.md). */
export const STANDARD_FIRMATA_UNO_HEX = fileURLToPath(new URL('./firmware/StandardFirmata.uno.hex', import.meta.url));

const cache = new Map<string, Promise<Uint8Array>>();

/** Reads and parses an Intel HEX firmware image into an ATmega328P flash image; each path is parsed once. */
export function loadFirmware(path = STANDARD_FIRMATA_UNO_HEX): Promise<Uint8Array> {
  let flash = cache.get(path);
  if (!flash) {
    flash = readHex(path);
    cache.set(path, flash);
    flash.catch(() => cache.delete(path));
  }
  return flash;
}

async function readHex(path: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (error) {
    throw new EvcError('BAD_FIRMWARE', `cannot read firmware ${path}: ${(error as Error).message}`);
  }
  try {
    return parseIntelHex(text, ATMEGA328P_FLASH_BYTES);
  } catch (error) {
    if (error instanceof EvcError) throw new EvcError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}
