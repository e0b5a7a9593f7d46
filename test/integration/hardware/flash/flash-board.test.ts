import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATMEGA328P_FLASH_BYTES } from '../../../../hardware/avr-sim/atmega328p.ts';
import { firmwareHexPath } from '../../../../hardware/avr-sim/firmware.ts';
import { parseIntelHex } from '../../../../hardware/avr-sim/intel-hex.ts';
import { createChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { flashBoard } from '../../../../hardware/flash/flash-board.ts';
import { openBoard } from '../../../../hardware/open-board.ts';
import { runSimBoard, type SimBoardHandle } from '../../../../hardware/sim-board/sim-board.ts';
import { APPLICATION_BYTES } from '../../../../hardware/sim-board/stk500-bootloader.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { loadWiring } from '../../../../wiring/index.ts';

const sha256OfHex = (path: string): string =>
  createHash('sha256').update(parseIntelHex(readFileSync(path, 'latin1'), ATMEGA328P_FLASH_BYTES).subarray(0, APPLICATION_BYTES)).digest('hex');
const isCode = (code: string) => (error: unknown) => error instanceof EvcError && error.code === code;

describe('evc flash: the real avrdude against the simulated Uno bootloader (evc sim-board behind a pty)', function () {
  this.timeout(60_000);
  let board: SimBoardHandle | undefined;
  const wiring = loadWiring('uno');

  before(function () {
    const missing = ['avrdude', 'python3'].filter((tool) => spawnSync(tool, ['-?']).error);
    if (missing.length > 0 && process.env.CI !== 'true') {
      console.log(`      (skipped: ${missing.join(', ')} not installed; .ci/run installs them)`);
      this.skip();
    }
  });
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it('writes our firmware page by page, avrdude verifies it, and the board then runs it: johnny-five, relay watchdog, KO', async () => {
    const serialPath = join(mkdtempSync(join(tmpdir(), 'evc-flash-')), 'uno');
    board = await runSimBoard({ firmware: 'standard', serialPath, wiring });
    assert.notEqual(board.flash().sha256, sha256OfHex(firmwareHexPath('evc')), 'StandardFirmata in flash before');

    const result = await flashBoard({ port: serialPath, board: 'uno', firmware: 'evc' });
    const hexBytes = parseIntelHex(readFileSync(result.hexPath, 'latin1'), ATMEGA328P_FLASH_BYTES);
    let usedBytes = hexBytes.length;
    while (usedBytes > 0 && hexBytes[usedBytes - 1] === 0xff) usedBytes--;
    assert.equal(result.bytesVerified, usedBytes, 'avrdude read back every byte of the hex');
    const report = board.flash();
    assert.equal(report.uploads, 1);
    assert.deepEqual(report.pagesWritten, Array.from({ length: Math.ceil(usedBytes / 128) }, (_, page) => page * 128));
    // Past the hex's last byte, the last page keeps what was there (avrdude merges a partial page, -D erases nothing).
    assert.deepEqual(board.uno.readFlash(0, usedBytes), hexBytes.subarray(0, usedBytes), 'the pages written hold the hex, byte for byte');

    const host = await openBoard(`firmata:${serialPath}`, { wiring, readyTimeoutMs: 15_000 });
    const hardware = createChargePointHardware(host, wiring, { failSafe: false });
    try {
      assert.equal(host.j5.io.firmware.name, 'EVCFirmata');
      assert.ok(host.relayWatchdog);
      await host.relayWatchdog.arm({ relayPin: 8, safeLevel: 0, ledPin: 7 });
      hardware.relay.close();
      await board.sim.waitForOutput('relay', true, 5000);
      const raised = once(hardware.koButton, 'fault-raised');
      board.sim.pressButton('ko');
      await raised;
      board.sim.releaseButton('ko');
    } finally {
      hardware.close();
      await host.close();
    }
  });

  it('says what is wrong: no such port, no avrdude', async () => {
    await assert.rejects(flashBoard({ port: '/dev/evc-no-such-port', board: 'uno', firmware: 'evc' }), isCode('BOARD_NOT_FOUND'));
    const serialPath = join(mkdtempSync(join(tmpdir(), 'evc-flash-')), 'uno');
    board = await runSimBoard({ firmware: 'evc', serialPath, wiring });
    await assert.rejects(
      flashBoard({ port: serialPath, board: 'uno', firmware: 'standard', avrdude: '/nonexistent/avrdude' }),
      (error: unknown) => isCode('AVRDUDE_MISSING')(error) && /sudo apt-get install avrdude/.test((error as Error).message),
    );
  });
});
