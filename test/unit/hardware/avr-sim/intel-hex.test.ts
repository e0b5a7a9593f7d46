import assert from 'node:assert/strict';
import { EvcError } from '../../../../protocol/index.ts';
import { loadFirmware } from '../../../../hardware/avr-sim/firmware.ts';
import { parseIntelHex } from '../../../../hardware/avr-sim/intel-hex.ts';

/** One Intel HEX record with its checksum. */
const aRecord = (type: number, address: number, data: ReadonlyArray<number>): string => {
  const bytes = [data.length, address >> 8, address & 0xff, type, ...data];
  const checksum = (0x100 - (bytes.reduce((sum, byte) => sum + byte, 0) & 0xff)) & 0xff;
  return `:${[...bytes, checksum].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('')}`;
};
const END = ':00000001FF';
const isBadFirmware = (pattern: RegExp) => (error: unknown) => error instanceof EvcError && error.code === 'BAD_FIRMWARE' && pattern.test(error.message);

describe('hardware/avr-sim/intel-hex', () => {
  it('places data records at their addresses and leaves the rest erased (0xFF)', () => {
    const flash = parseIntelHex([aRecord(0, 0x0000, [0x0c, 0x94]), aRecord(0, 0x0010, [1, 2, 3]), END].join('\r\n'), 32);
    assert.deepEqual([...flash.subarray(0, 3)], [0x0c, 0x94, 0xff]);
    assert.deepEqual([...flash.subarray(0x10, 0x13)], [1, 2, 3]);
    assert.equal(flash.length, 32);
  });

  it('applies extended segment and linear addresses', () => {
    const segment = parseIntelHex([aRecord(2, 0, [0x00, 0x01]), aRecord(0, 0x0002, [7]), END].join('\n'), 64);
    assert.equal(segment[0x12], 7);
    assert.throws(() => parseIntelHex([aRecord(4, 0, [0x00, 0x01]), aRecord(0, 0, [7]), END].join('\n'), 64), isBadFirmware(/runs past the 64-byte flash/));
  });

  it('refuses a bad checksum, a wrong length, junk and a missing end record, naming the line', () => {
    const good = aRecord(0, 0, [1, 2]);
    const badChecksum = `${good.slice(0, -2)}00`;
    assert.throws(() => parseIntelHex([good, badChecksum, END].join('\n'), 32), isBadFirmware(/line 2: checksum mismatch/));
    assert.throws(() => parseIntelHex([':0300000001FC', END].join('\n'), 32), isBadFirmware(/line 1: length byte says 3/));
    assert.throws(() => parseIntelHex(['hello', END].join('\n'), 32), isBadFirmware(/line 1: not a record/));
    assert.throws(() => parseIntelHex(good, 32), isBadFirmware(/no end-of-file record/));
  });

  it('loads the vendored StandardFirmata: the reset vector jumps into the program', async () => {
    const flash = await loadFirmware();
    assert.equal(flash.length, 0x8000);
    assert.deepEqual([...flash.subarray(0, 4)], [0x0c, 0x94, 0x74, 0x00], 'JMP at the reset vector');
  });

  it('says which file it cannot read', async () => {
    await assert.rejects(loadFirmware('/nonexistent/firmware.hex'), isBadFirmware(/cannot read firmware \/nonexistent\/firmware.hex/));
  });
});
