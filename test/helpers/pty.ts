// A pseudo-terminal pair (socat) with a virtual Firmata board on the far end: `firmata:PATH` over a real tty.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { FirmataDevice } from '../../hardware/sim/firmata-device.ts';

export interface PtyPair {
  /** What the host opens (`firmata:${host}`). */
  readonly host: string;
  /** The far end, where the board sits. */
  readonly board: string;
  readonly socat: ChildProcess;
}

/** Whether socat can run here; under CI it must (the CI script installs it). */
export function hasSocat(): boolean {
  return !spawnSync('socat', ['-V']).error;
}

export async function aPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'evc-pty-'));
  const host = join(dir, 'host');
  const board = join(dir, 'board');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${board}`, `pty,raw,echo=0,link=${host}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    socat.stderr!.setEncoding('utf8').on('data', (text: string) => {
      log += text;
      if (/starting data transfer loop/.test(log)) resolve();
    });
    socat.once('exit', (code) => reject(new Error(`socat ended (${code}): ${log}`)));
  });
  return { host, board, socat };
}

/** Runs the virtual StandardFirmata on the far end of a real serial line. */
export function attachDevice(path: string): { device: FirmataDevice; port: SerialPort; close(): Promise<void> } {
  const device = new FirmataDevice();
  const port = new SerialPort({ path, baudRate: 57600 });
  port.on('data', (bytes: Buffer) => device.receive(bytes));
  device.on('transmit', (bytes) => port.write(Buffer.from(bytes)));
  return { device, port, close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())) };
}
