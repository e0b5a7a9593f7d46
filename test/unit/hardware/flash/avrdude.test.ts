import assert from 'node:assert/strict';
import { avrdudeArguments, avrdudeFailure, verifiedBytes } from '../../../../hardware/flash/avrdude.ts';

describe('hardware/flash/avrdude (the command line evc flash runs)', () => {
  it('an Uno: the arduino programmer at Optiboot\'s 115200 baud, no chip erase, avrdude verifies', () => {
    assert.deepEqual(avrdudeArguments({ port: '/dev/ttyACM0', board: 'uno', hexPath: '/x/evc-firmata.hex' }), [
      '-c', 'arduino', '-p', 'atmega328p', '-b', '115200', '-D', '-P', '/dev/ttyACM0', '-U', 'flash:w:/x/evc-firmata.hex:i',
    ]);
  });

  it("a Nano: the old bootloader's 57600 baud", () => {
    const args = avrdudeArguments({ port: '/dev/ttyUSB0', board: 'nano', hexPath: 'f.hex' });
    assert.equal(args[args.indexOf('-b') + 1], '57600');
  });

  it('reads the verified byte count', () => {
    assert.equal(verifiedBytes('avrdude: 4178 bytes of flash verified\n\navrdude done.  Thank you.'), 4178);
    assert.equal(verifiedBytes('avrdude done.  Thank you.'), undefined);
  });

  const failure = (output: string, board: 'uno' | 'nano' = 'uno') => avrdudeFailure(output, { port: '/dev/ttyACM0', board, exitCode: 1 });

  it('turns each failure into one line that says what to do', () => {
    assert.equal(failure('avrdude OS error: cannot open port /dev/ttyACM0: No such file or directory').code, 'BOARD_NOT_FOUND');
    const permission = failure('avrdude OS error: cannot open port /dev/ttyACM0: Permission denied');
    assert.equal(permission.code, 'PORT_PERMISSION');
    assert.match(permission.message, /usermod -aG dialout/);
    assert.equal(failure('avrdude OS error: cannot open port /dev/ttyACM0: Device or resource busy').code, 'PORT_BUSY');
    const wrong = failure('avrdude: device signature = 0x1e950b (probably m328pb)\navrdude error: expected signature for ATmega328P is 1E 95 0F');
    assert.equal(wrong.code, 'WRONG_BOARD');
    assert.match(wrong.message, /0x1e950b/);
    const sync = failure('avrdude warning: attempt 10 of 10: not in sync: resp=0x00\navrdude error: unable to open programmer arduino');
    assert.equal(sync.code, 'NO_BOOTLOADER');
    assert.match(sync.message, /115200 baud.*--board nano/);
    assert.match(failure('not in sync', 'nano').message, /57600 baud.*--board uno/);
    assert.equal(failure('avrdude error: verification mismatch\n   device 0x00 != input 0x0c at addr 0x0002').code, 'VERIFY_FAILED');
    assert.match(failure('avrdude error: something new').message, /avrdude failed \(exit 1\): avrdude error: something new/);
  });
});
