import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ETX, MAX_FRAME_DATA_BYTES, STX } from '../../../../protocol/framing/control-bytes.ts';
import { encodeFrame, lrc } from '../../../../protocol/framing/encode.ts';

describe('protocol/framing/encode (DESIGN §4.1)', () => {
  it('lays out STX · DATA · ETX · LRC with LRC the XOR of DATA', () => {
    const data = Buffer.from('{"a":1}');
    const frame = encodeFrame(data);
    assert.equal(frame[0], STX);
    assert.deepEqual(frame.subarray(1, -2), data);
    assert.equal(frame.at(-2), ETX);
    assert.equal(frame.at(-1), data.reduce((x, byte) => x ^ byte, 0));
  });

  it('lrc of nothing is 0 and XOR-ing the LRC back in gives 0', () => {
    assert.equal(lrc(Buffer.alloc(0)), 0);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (data) => lrc(Buffer.concat([data, Buffer.of(lrc(data))])) === 0));
  });

  it('accepts DATA of exactly 4 KiB and refuses one byte more', () => {
    assert.equal(encodeFrame(Buffer.alloc(MAX_FRAME_DATA_BYTES, 0x41)).length, MAX_FRAME_DATA_BYTES + 3);
    assert.throws(() => encodeFrame(Buffer.alloc(MAX_FRAME_DATA_BYTES + 1, 0x41)), /4097 bytes exceeds 4096/);
  });

  it('refuses DATA holding STX or ETX, which would break the framing', () => {
    assert.throws(() => encodeFrame(Buffer.of(0x41, STX)), /must not contain STX or ETX/);
    assert.throws(() => encodeFrame(Buffer.of(ETX)), /must not contain STX or ETX/);
  });
});
