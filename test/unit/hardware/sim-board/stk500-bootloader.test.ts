import assert from 'node:assert/strict';
import { Stk500Bootloader } from '../../../../hardware/sim-board/stk500-bootloader.ts';

function aBootloader() {
  const flash = new Uint8Array(0x8000).fill(0xff);
  const loader = new Stk500Bootloader({ writePage: (address, data) => flash.set(data, address), read: (address, length) => flash.slice(address, address + length) });
  return { flash, loader, say: (...bytes: Array<number>) => [...loader.receive(Uint8Array.from(bytes))] };
}

describe('hardware/sim-board/stk500-bootloader (Optiboot as avrdude -c arduino sees it)', () => {
  it('answers sync, parameters and the ATmega328P signature', () => {
    const { say } = aBootloader();
    assert.deepEqual(say(0x30, 0x20), [0x14, 0x10]);
    assert.deepEqual(say(0x41, 0x81, 0x20), [0x14, 8, 0x10]);
    assert.deepEqual(say(0x41, 0x80, 0x20), [0x14, 3, 0x10]);
    assert.deepEqual(say(0x75, 0x20), [0x14, 0x1e, 0x95, 0x0f, 0x10]);
  });

  it('writes a page at the loaded word address and reads it back, also when bytes come split', () => {
    const { flash, loader, say } = aBootloader();
    assert.deepEqual(say(0x55, 0x40, 0x00, 0x20), [0x14, 0x10]); // word 0x40 = byte 0x80
    const page = Array.from({ length: 128 }, (_, index) => index);
    assert.deepEqual(say(0x64, 0x00, 0x80, 0x46, ...page.slice(0, 50)), []);
    assert.deepEqual(say(...page.slice(50), 0x20), [0x14, 0x10]);
    assert.deepEqual([...flash.subarray(0x80, 0x100)], page);
    say(0x55, 0x40, 0x00, 0x20);
    assert.deepEqual(say(0x74, 0x00, 0x80, 0x46, 0x20), [0x14, ...page, 0x10]);
    assert.deepEqual(loader.record.pagesWritten, [0x80]);
    assert.deepEqual(say(0x51, 0x20), [0x14, 0x10]);
    assert.equal(loader.left, true);
  });

  it('answers NOSYNC to a command without its CRC_EOP, then syncs again', () => {
    const { say } = aBootloader();
    assert.deepEqual(say(0x30, 0x00), [0x15]);
    assert.deepEqual(say(0x30, 0x20), [0x14, 0x10]);
  });

  it('never writes over the bootloader section', () => {
    const { flash, say } = aBootloader();
    say(0x55, 0x00, 0x3f, 0x20); // word 0x3F00 = byte 0x7E00, the bootloader
    say(0x64, 0x00, 0x80, 0x46, ...new Array<number>(128).fill(0), 0x20);
    assert.ok(flash.subarray(0x7e00).every((byte) => byte === 0xff));
  });
});
