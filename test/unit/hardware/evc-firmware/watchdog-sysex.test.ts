import assert from 'node:assert/strict';
import { decodeReport, encodeArm, encodeSelfTestHang } from '../../../../hardware/evc-firmware/watchdog-sysex.ts';

describe('hardware/evc-firmware/watchdog-sysex (firmware/README.md "Relay watchdog")', () => {
  it('encodes ARM as relay pin, safe level, LED pin (7F = none) and a 14-bit timeout', () => {
    assert.deepEqual(encodeArm({ relayPin: 8, safeLevel: 0, ledPin: 7, timeoutMs: 1000 }), [0x01, 0x01, 8, 0, 7, 1000 & 0x7f, 1000 >> 7]);
    assert.deepEqual(encodeArm({ relayPin: 8, safeLevel: 1, timeoutMs: 16383 }), [0x01, 0x01, 8, 1, 0x7f, 0x7f, 0x7f]);
  });

  it('refuses what the firmware could not take', () => {
    assert.throws(() => encodeArm({ relayPin: 8, safeLevel: 0, timeoutMs: 0 }), /outside 1-16383/);
    assert.throws(() => encodeArm({ relayPin: 8, safeLevel: 0, timeoutMs: 20_000 }), /outside 1-16383/);
    assert.throws(() => encodeArm({ relayPin: 200, safeLevel: 0, timeoutMs: 1000 }), /not a Firmata pin/);
  });

  it('decodes the board reports', () => {
    assert.deepEqual(decodeReport([0x01, 8, 1, 0x7f, 0x68, 0x07]), { type: 'armed', relayPin: 8, safeLevel: 1, timeoutMs: 1000 });
    assert.deepEqual(decodeReport([0x04, 2, 8, 3, 0]), {
      type: 'status', state: 'tripped', trips: 3, resetCause: { powerOn: false, external: false, brownOut: false, watchdog: true },
    });
    // 20 000 ms = 0x4E20: low 14 bits 0x0E20, high 14 bits 1
    assert.deepEqual(decodeReport([0x10, 8, 2, 0, 0x20, 0x1c, 1, 0]), { type: 'tripped', relayPin: 8, trips: 2, msSinceTrip: 20_000 });
  });

  it('ignores malformed or unknown reports instead of throwing', () => {
    assert.equal(decodeReport([]), undefined);
    assert.equal(decodeReport([0x01, 8]), undefined);
    assert.equal(decodeReport([0x04, 9, 0, 0, 0]), undefined);
    assert.equal(decodeReport([0x55, 1, 2, 3]), undefined);
  });

  it('guards the self-test hang with a magic word', () => {
    assert.deepEqual(encodeSelfTestHang(), [0x01, 0x7f, ...Buffer.from('HANG')]);
  });
});
