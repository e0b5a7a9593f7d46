import assert from 'node:assert/strict';
import { EvcError } from '../../../protocol/index.ts';
import { openBoard, parseBoardSpec } from '../../../hardware/open-board.ts';
import { openRaspiBoard } from '../../../hardware/raspi-board.ts';
import { loadWiring } from '../../../wiring/index.ts';

const isEvcError = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof EvcError && error.code === code && pattern.test(error.message) && !error.message.includes('\n');

describe('hardware/open-board', () => {
  it('parses every --board form of DESIGN §6', () => {
    assert.deepEqual(parseBoardSpec('sim'), { kind: 'sim' });
    assert.deepEqual(parseBoardSpec('avr-sim'), { kind: 'avr-sim', firmware: 'standard' });
    assert.deepEqual(parseBoardSpec('avr-sim:evc'), { kind: 'avr-sim', firmware: 'evc' });
    assert.deepEqual(parseBoardSpec('raspi'), { kind: 'raspi' });
    assert.deepEqual(parseBoardSpec('firmata:/dev/ttyACM0'), { kind: 'firmata', path: '/dev/ttyACM0' });
    assert.deepEqual(parseBoardSpec('firmata:COM3'), { kind: 'firmata', path: 'COM3' });
    assert.deepEqual(parseBoardSpec('firmata'), { kind: 'firmata', path: 'auto' });
  });

  it('refuses unknown specs with a usage error listing the valid ones', () => {
    assert.throws(() => parseBoardSpec('arduino'), (error: unknown) => error instanceof EvcError && error.exitCode === 2 && /sim, avr-sim, firmata:\/dev\/ttyACM0/.test(error.message));
    assert.throws(() => parseBoardSpec('firmata:'), /needs a serial port path/);
  });

  it('says a missing serial port does not exist, in one line', async () => {
    await assert.rejects(openBoard('firmata:/dev/evc-no-such-port'), isEvcError('BOARD_NOT_FOUND', /\/dev\/evc-no-such-port does not exist/));
  });

  it('says --board raspi needs a Pi when the machine is not one', async () => {
    await assert.rejects(openRaspiBoard({ boardModel: () => undefined }), isEvcError('BOARD_UNAVAILABLE', /needs a Raspberry Pi/));
  });

  it('says to install raspi-io on a Pi that lacks it', async function () {
    const installed = await import('raspi-io' as string).then(() => true, () => false);
    if (installed) this.skip(); // a prepared Pi: there is no missing package to report
    await assert.rejects(openRaspiBoard({ boardModel: () => 'Raspberry Pi 4 Model B Rev 1.4' }), isEvcError('BOARD_UNAVAILABLE', /npm install raspi-io/));
  });

  it('refuses avr-sim with a wiring the Uno lacks, before powering the chip', async () => {
    await assert.rejects(openBoard('avr-sim', { wiring: loadWiring('raspberry-pi') }), isEvcError('BAD_WIRING', /pin GPIO17, which the virtual Uno lacks/));
  });
});
