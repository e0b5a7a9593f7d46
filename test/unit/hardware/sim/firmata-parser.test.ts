import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FirmataParser, MAX_SYSEX_BYTES } from '../../../../hardware/sim/firmata-parser.ts';

const parse = (bytes: Array<number>) => new FirmataParser().push(bytes);

describe('hardware/sim/firmata-parser', () => {
  it('reads each host command StandardFirmata handles', () => {
    assert.deepEqual(parse([0x91, 0x05, 0x01]), [{ kind: 'digital-port', port: 1, value: 0x85 }]);
    assert.deepEqual(parse([0xf5, 13, 1]), [{ kind: 'digital-pin', pin: 13, value: 1 }]);
    assert.deepEqual(parse([0xe5, 0x7f, 0x01]), [{ kind: 'analog-write', pin: 5, value: 255 }]);
    assert.deepEqual(parse([0xf4, 8, 1]), [{ kind: 'pin-mode', pin: 8, mode: 1 }]);
    assert.deepEqual(parse([0xd0, 1, 0xd2, 0]), [
      { kind: 'report-digital', port: 0, enable: true },
      { kind: 'report-digital', port: 2, enable: false },
    ]);
    assert.deepEqual(parse([0xc3, 1]), [{ kind: 'report-analog', channel: 3, enable: true }]);
    assert.deepEqual(parse([0xf9, 0xff]), [{ kind: 'report-version' }, { kind: 'system-reset' }]);
    assert.deepEqual(parse([0xf0, 0x79, 0xf7]), [{ kind: 'sysex', body: [0x79] }]);
    assert.deepEqual(parse([0xf0, 0x7a, 0x13, 0x00, 0xf7]), [{ kind: 'sysex', body: [0x7a, 0x13, 0x00] }]);
  });

  it('gives the same commands however the stream is split', () => {
    const stream = [0xf4, 5, 1, 0x90, 0x20, 0x00, 0xf0, 0x6b, 0xf7, 0xd0, 1];
    const whole = parse(stream);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 6 }), (cuts) => {
        const parser = new FirmataParser();
        const commands = [];
        let at = 0;
        for (const cut of [...cuts.sort((a, b) => a - b), stream.length]) {
          commands.push(...parser.push(stream.slice(at, Math.max(at, cut))));
          at = Math.max(at, cut);
        }
        assert.deepEqual(commands, whole);
      }),
    );
  });

  it('skips stray data bytes and unknown command bytes, counting them', () => {
    const parser = new FirmataParser();
    assert.deepEqual(parser.push([0x01, 0x02, 0x80, 0x03, 0xf5, 2, 1]), [{ kind: 'digital-pin', pin: 2, value: 1 }]);
    assert.equal(parser.discardedByteCount, 4);
  });

  it('abandons an unfinished command when a new one starts', () => {
    const parser = new FirmataParser();
    assert.deepEqual(parser.push([0x90, 0x01, 0xf4, 3, 0]), [{ kind: 'pin-mode', pin: 3, mode: 0 }]);
    assert.equal(parser.discardedByteCount, 2);
  });

  it('drops an unterminated sysex and reads the command byte that cut it short', () => {
    assert.deepEqual(parse([0xf0, 0x79, 0x01, 0xf9]), [{ kind: 'report-version' }]);
  });

  it('keeps at most MAX_SYSEX_BYTES of a sysex', () => {
    const parser = new FirmataParser();
    const [command] = parser.push([0xf0, ...new Array<number>(MAX_SYSEX_BYTES + 10).fill(0x11), 0xf7]);
    assert.equal(command?.kind === 'sysex' && command.body.length, MAX_SYSEX_BYTES);
    assert.equal(parser.discardedByteCount, 10);
  });

  it('never throws on any bytes and recovers for the next valid command', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
        const parser = new FirmataParser();
        parser.push(garbage);
        // An END_SYSEX closes any sysex the garbage left open; then a whole command must come through.
        const after = parser.push([0xf7, 0xf5, 7, 1]);
        assert.deepEqual(after.at(-1), { kind: 'digital-pin', pin: 7, value: 1 });
      }),
    );
  });
});
