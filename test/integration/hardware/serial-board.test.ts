import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createChargePointHardware } from '../../../hardware/components/charge-point-hardware.ts';
import { openBoard } from '../../../hardware/open-board.ts';
import type { FirmataDevice, PinChange } from '../../../hardware/sim/firmata-device.ts';
import { EvcError } from '../../../protocol/index.ts';
import { loadWiring } from '../../../wiring/index.ts';
import { aPtyPair, attachDevice, hasSocat } from '../../helpers/pty.ts';

const pinGoes = (device: FirmataDevice, pin: number, level: 0 | 1): Promise<void> =>
  device.level(pin) === level
    ? Promise.resolve()
    : new Promise((resolve) => {
        const listener = (change: PinChange): void => {
          if (change.pin !== pin || change.level !== level) return;
          device.off('pin-change', listener);
          resolve();
        };
        device.on('pin-change', listener);
      });

describe('hardware/serial-board (firmata:PATH over a real pseudo-terminal)', function () {
  this.timeout(20_000);
  const cleanups: Array<() => Promise<void> | void> = [];

  before(function () {
    if (!hasSocat()) {
      console.log('      (skipped: socat is not installed; apt-get install socat to run these)');
      this.skip();
    }
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('runs johnny-five over serialport 13 to a Firmata board and drives its pins', async () => {
    const pty = await aPtyPair();
    cleanups.push(() => void pty.socat.kill());
    const { device, port } = attachDevice(pty.board);
    cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));

    const wiring = loadWiring('uno');
    const board = await openBoard(`firmata:${pty.host}`, { wiring, readyTimeoutMs: 10_000 });
    cleanups.push(() => board.close());
    assert.equal(board.kind, 'firmata');
    assert.equal(board.description, pty.host);
    assert.equal(board.j5.io.firmware.name, 'StandardFirmata.ino');

    const hardware = createChargePointHardware(board, wiring, { failSafe: false });
    cleanups.push(() => hardware.close());
    hardware.relay.close();
    await pinGoes(device, 8, 1);
    board.writePinSync(8, 0); // straight to the tty's file descriptor
    await pinGoes(device, 8, 0);

    const raised = once(hardware.koButton, 'fault-raised');
    device.setExternalLevel(2, 0);
    await raised;
  });

  it("reports 'connection-lost' when the line goes away (cable pulled)", async () => {
    const pty = await aPtyPair();
    cleanups.push(() => void pty.socat.kill());
    const { port } = attachDevice(pty.board);
    cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
    const board = await openBoard(`firmata:${pty.host}`, { readyTimeoutMs: 10_000 });
    cleanups.push(() => board.close());
    const lost = new Promise<Error>((resolve) => board.once('connection-lost', resolve));
    pty.socat.kill();
    const error = await lost;
    assert.match(error.message, new RegExp(pty.host));
  });

  it('times out with a hint to flash StandardFirmata when nothing answers', async () => {
    const pty = await aPtyPair();
    cleanups.push(() => void pty.socat.kill());
    await assert.rejects(
      openBoard(`firmata:${pty.host}`, { readyTimeoutMs: 1000 }),
      (error: unknown) => error instanceof EvcError && error.code === 'BOARD_TIMEOUT' && /flash it with evc flash/.test(error.message),
    );
  });
});
