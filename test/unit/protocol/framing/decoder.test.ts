import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACK, CONTROL_BYTES, ENQ, EOT, ETX, MAX_FRAME_DATA_BYTES, NACK, STX } from '../../../../protocol/framing/control-bytes.ts';
import { FrameDecoder, type DecodedToken } from '../../../../protocol/framing/decoder.ts';
import { encodeFrame } from '../../../../protocol/framing/encode.ts';
import { chunk, cuts, decodeAll, jsonData } from './chunking.ts';

const frameToken = (data: Buffer): DecodedToken => ({ kind: 'frame', data });
/** Any DATA encodeFrame takes: every byte but STX and ETX (control bytes included). */
const anyData = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== STX && b !== ETX)));
/** Noise a line might carry between frames: no STX, no control byte. */
const noise = fc
  .uint8Array({ maxLength: 40 })
  .map((bytes) => Buffer.from(bytes.filter((b) => b !== STX && !CONTROL_BYTES.has(b))));

describe('protocol/framing/decoder (DESIGN §4.1)', () => {
  it('decodes one frame and control bytes between frames', () => {
    const data = Buffer.from('{"type":"ping"}');
    const tokens = decodeAll([Buffer.concat([Buffer.of(ENQ), encodeFrame(data), Buffer.of(ACK, NACK, EOT)])]);
    assert.deepEqual(tokens, [
      { kind: 'control', byte: ENQ },
      frameToken(data),
      { kind: 'control', byte: ACK },
      { kind: 'control', byte: NACK },
      { kind: 'control', byte: EOT },
    ]);
  });

  it('property: any chunking of a stream of frames and control bytes gives them back in order', () => {
    const item = fc.oneof(
      jsonData.map((data) => ({ bytes: encodeFrame(data), token: frameToken(data) })),
      anyData.map((data) => ({ bytes: encodeFrame(data), token: frameToken(data) })),
      fc.constantFrom(ACK, NACK, EOT, ENQ).map((byte) => ({ bytes: Buffer.of(byte), token: { kind: 'control', byte } as DecodedToken })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 15 }), cuts, (items, fractions) => {
        const stream = Buffer.concat(items.map((i) => i.bytes));
        assert.deepEqual(decodeAll(chunk(stream, fractions)), items.map((i) => i.token));
      }),
    );
  });

  it('property: random bytes in random chunks never throw and never hold more than 4 KiB', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10_000 }), cuts, (bytes, fractions) => {
        const decoder = new FrameDecoder();
        for (const piece of chunk(Buffer.from(bytes), fractions)) {
          for (const token of decoder.push(piece)) assert.ok(['frame', 'control', 'bad-lrc', 'oversize'].includes(token.kind));
          assert.ok(decoder.pendingBytes <= MAX_FRAME_DATA_BYTES);
        }
      }),
    );
  });

  it('property: noise between frames is skipped', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, jsonData), { maxLength: 10 }), noise, cuts, (pairs, tail, fractions) => {
        const stream = Buffer.concat([...pairs.flatMap(([junk, data]) => [junk, encodeFrame(data)]), tail]);
        assert.deepEqual(decodeAll(chunk(stream, fractions)), pairs.map(([, data]) => frameToken(data)));
      }),
    );
  });

  it('property: a wrong LRC gives bad-lrc, and the next frame still decodes', () => {
    fc.assert(
      fc.property(jsonData, jsonData, fc.integer({ min: 1, max: 255 }), cuts, (bad, good, flip, fractions) => {
        const corrupt = encodeFrame(bad);
        corrupt[corrupt.length - 1]! ^= flip;
        const tokens = decodeAll(chunk(Buffer.concat([corrupt, encodeFrame(good)]), fractions));
        assert.deepEqual(tokens, [{ kind: 'bad-lrc' }, frameToken(good)]);
      }),
    );
  });

  it('property: a corrupted DATA byte gives bad-lrc', () => {
    fc.assert(
      fc.property(jsonData.filter((d) => d.length > 0), fc.nat(), fc.integer({ min: 0x20, max: 0x7f }), (data, at, flip) => {
        const frame = encodeFrame(data);
        const index = 1 + (at % data.length);
        frame[index]! ^= flip;
        fc.pre(frame[index] !== STX && frame[index] !== ETX);
        assert.deepEqual(decodeAll([frame]), [{ kind: 'bad-lrc' }]);
      }),
    );
  });

  it('an STX inside a frame restarts it (a truncated frame is dropped, the next one survives)', () => {
    const good = Buffer.from('{"ok":true}');
    const stream = Buffer.concat([Buffer.from([STX, 0x7b, 0x22]), encodeFrame(good)]);
    assert.deepEqual(decodeAll([stream]), [frameToken(good)]);
  });

  it('accepts exactly 4 KiB of DATA', () => {
    const data = Buffer.alloc(MAX_FRAME_DATA_BYTES, 0x61);
    assert.deepEqual(decodeAll([encodeFrame(data)]), [frameToken(data)]);
  });

  it('property: DATA over 4 KiB gives oversize first, without holding more than 4 KiB', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_FRAME_DATA_BYTES + 1, max: 3 * MAX_FRAME_DATA_BYTES }), cuts, (length, fractions) => {
        const stream = Buffer.concat([Buffer.of(STX), Buffer.alloc(length, 0x61), Buffer.of(ETX, 0)]);
        const decoder = new FrameDecoder();
        const tokens = chunk(stream, fractions).flatMap((piece) => {
          const out = decoder.push(piece);
          assert.ok(decoder.pendingBytes <= MAX_FRAME_DATA_BYTES);
          return out;
        });
        assert.deepEqual(tokens[0], { kind: 'oversize' });
      }),
      { numRuns: 30 },
    );
  });

  it('honours a smaller limit given to the constructor', () => {
    assert.deepEqual(decodeAll([encodeFrame(Buffer.from('abcdef'))], 4)[0], { kind: 'oversize' });
  });
});
