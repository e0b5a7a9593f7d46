import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvcError } from '../../protocol/index.ts';
import { ATMEGA328P_FLASH_BYTES } from './atmega328p.ts';
import { parseIntelHex } from './intel-hex.ts';

/** StandardFirmata 2.4 for the Uno, vendored from the Firmata project (see firmware/README.md). */
export const STANDARD_FIRMATA_UNO_HEX = fileURLToPath(new URL('./firmware/StandardFirmata.uno.hex', import.meta.url));

/** The firmware images we can run or flash: ours (default for `evc flash`) and StandardFirmata. */
export type FirmwareName = 'evc' | 'standard';
export const firmwareNames: ReadonlyArray<FirmwareName> = ['evc', 'standard'];

/**
 * Our firmware as built by `npm run firmware:build` (firmware/build/evc-firmata.hex, committed so the package ships
 * it). Found by walking up from this file, so it resolves from the sources and from a compiled copy alike.
 */
export function evcFirmataHexPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'firmware', 'build', 'evc-firmata.hex');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new EvcError('BAD_FIRMWARE', 'firmware/build/evc-firmata.hex is missing from this installation: run npm run firmware:build');
    dir = parent;
  }
}

export function firmwareHexPath(name: FirmwareName): string {
  return name === 'evc' ? evcFirmataHexPath() : STANDARD_FIRMATA_UNO_HEX;
}

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
