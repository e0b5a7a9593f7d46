import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATMEGA328P_FLASH_BYTES } from '../../../../hardware/avr-sim/atmega328p.ts';
import { evcFirmataHexPath, firmwareHexPath, firmwareNames, loadFirmware, STANDARD_FIRMATA_UNO_HEX } from '../../../../hardware/avr-sim/firmware.ts';
import { EvcError } from '../../../../protocol/index.ts';

describe('hardware/avr-sim/firmware', () => {
  it('finds both firmware images: ours (built, committed) and the vendored StandardFirmata', () => {
    assert.deepEqual(firmwareNames, ['evc', 'standard']);
    assert.match(evcFirmataHexPath(), /firmware\/build\/evc-firmata\.hex$/);
    assert.equal(firmwareHexPath('evc'), evcFirmataHexPath());
    assert.equal(firmwareHexPath('standard'), STANDARD_FIRMATA_UNO_HEX);
    assert.ok(existsSync(firmwareHexPath('evc')) && existsSync(STANDARD_FIRMATA_UNO_HEX));
  });

  it('loads an image into a flash-sized buffer, parsing each path once', async () => {
    const first = loadFirmware(firmwareHexPath('evc'));
    assert.equal(loadFirmware(firmwareHexPath('evc')), first, 'the same promise: parsed once');
    const flash = await first;
    assert.equal(flash.length, ATMEGA328P_FLASH_BYTES);
    assert.ok(flash.some((byte) => byte !== 0xff), 'holds code');
  });

  it('refuses a missing or damaged image with BAD_FIRMWARE naming the file, and does not keep the failure', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evc-firmware-'));
    try {
      const missing = join(dir, 'missing.hex');
      await assert.rejects(loadFirmware(missing), (error: unknown) => error instanceof EvcError && error.code === 'BAD_FIRMWARE' && error.message.includes(missing));
      const damaged = join(dir, 'damaged.hex');
      await writeFile(damaged, ':nonsense\n');
      await assert.rejects(loadFirmware(damaged), (error: unknown) => error instanceof EvcError && error.message.startsWith(`${damaged}: `));
      await writeFile(missing, ':00000001FF\n'); // now there: an empty image
      assert.equal((await loadFirmware(missing)).length, ATMEGA328P_FLASH_BYTES);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
