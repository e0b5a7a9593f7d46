import { createHash } from 'node:crypto';
import type { WiringProfile } from '../../wiring/index.ts';
import { AvrUno } from '../avr-sim/avr-uno.ts';
import { firmwareHexPath, loadFirmware, type FirmwareName } from '../avr-sim/firmware.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { startControlApi, type ControlApi } from '../sim/control-api.ts';
import { VirtualChargePoint } from '../sim/virtual-charge-point.ts';
import { PtyPort } from './pty-port.ts';
import { APPLICATION_BYTES, Stk500Bootloader } from './stk500-bootloader.ts';

export interface SimBoardOptions {
  readonly firmware: FirmwareName;
  /** Where the serial port appears (a symlink to a pty), e.g. /tmp/evc-uno. */
  readonly serialPath: string;
  readonly wiring: WiringProfile;
  /** HTTP control API port (0 = free); omit for none. */
  readonly simPort?: number;
  readonly simHost?: string;
  /** How long the bootloader waits for avrdude after a reset before it starts the program (Optiboot: ~1 s). */
  readonly bootloaderWindowMs?: number;
  readonly logger?: Logger;
}

export interface FlashReport {
  /** SHA-256 of the application section (flash below the bootloader), to compare with a hex file. */
  readonly sha256: string;
  readonly uploads: number;
  /** Byte addresses of the pages the last upload wrote. */
  readonly pagesWritten: ReadonlyArray<number>;
}

export interface SimBoardHandle {
  readonly serialPath: string;
  readonly controlPort: number | undefined;
  readonly uno: AvrUno;
  readonly sim: VirtualChargePoint;
  flash(): FlashReport;
  /** The USB cable pulled from a board powered on its own: the serial port disappears, the chip runs on. */
  disconnectHost(): Promise<void>;
  close(): Promise<void>;
}

const STK_GET_SYNC = 0x30;

/**
 * `evc sim-board` (DESIGN §6): a simulated Uno as its own process behind a serial port. A host opening the port
 * resets the chip (a real Uno's DTR); the bootloader then listens for an upload (STK500v1, as Optiboot) and, after
 * an upload or once its window passes without one, the program in flash runs. The board outlives its hosts.
 */
export async function runSimBoard(options: SimBoardOptions): Promise<SimBoardHandle> {
  const logger = options.logger ?? silentLogger;
  const windowMs = options.bootloaderWindowMs ?? 1000;
  const uno = new AvrUno(await loadFirmware(firmwareHexPath(options.firmware)), { pace: 'real-time' });
  const sim = new VirtualChargePoint(uno, options.wiring);
  const port = await PtyPort.open(options.serialPath);
  let mode: 'app' | 'bootloader' = 'app';
  let bootloader: Stk500Bootloader | undefined;
  let windowTimer: ReturnType<typeof setTimeout> | undefined;
  let uploadStarted = false;
  let uploads = 0;
  let lastPages: ReadonlyArray<number> = [];

  const startProgram = (why: string): void => {
    clearTimeout(windowTimer);
    if (bootloader?.record.pagesWritten.length) {
      uploads++;
      lastPages = bootloader.record.pagesWritten;
      logger.info({ pages: lastPages.length, why }, 'upload written: running it');
    }
    bootloader = undefined;
    mode = 'app';
    uno.reset();
    uno.start();
  };
  const armWindow = (): void => {
    clearTimeout(windowTimer);
    windowTimer = setTimeout(() => startProgram('bootloader window passed'), windowMs);
  };

  uno.on('transmit', (bytes) => {
    logger.debug({ mode, bytes: Buffer.from(bytes).toString('hex') }, 'to host');
    if (mode === 'app') port.write(bytes);
  });
  port.on('open', () => {
    logger.info({ path: options.serialPath }, 'host opened the port: reset (DTR), bootloader listening');
    uno.stop();
    uno.reset(); // every pin released while the bootloader runs
    mode = 'bootloader';
    uploadStarted = false;
    bootloader = new Stk500Bootloader({
      writePage: (address, data) => uno.writeFlash(address, data),
      read: (address, length) => uno.readFlash(address, length),
    });
    armWindow();
  });
  port.on('close', () => logger.info({ path: options.serialPath }, 'host closed the port; the board runs on'));
  port.on('data', (bytes) => {
    logger.debug({ mode, bytes: Buffer.from(bytes).toString('hex') }, 'from host');
    if (mode === 'app') {
      uno.receive(bytes);
      return;
    }
    const loader = bootloader!;
    if (!uploadStarted) {
      if (bytes[0] !== STK_GET_SYNC) {
        startProgram('not an upload'); // Optiboot leaves for the program on a first byte that is not STK500
        return;
      }
      uploadStarted = true;
    }
    port.write(loader.receive(bytes));
    armWindow(); // each command feeds Optiboot's watchdog
    if (loader.left) startProgram('upload finished');
  });

  uno.start();
  let controlApi: ControlApi | undefined;
  const flash = (): FlashReport => ({
    sha256: createHash('sha256').update(uno.readFlash(0, APPLICATION_BYTES)).digest('hex'),
    uploads,
    pagesWritten: lastPages,
  });
  if (options.simPort !== undefined) {
    controlApi = await startControlApi(sim, { port: options.simPort, host: options.simHost, logger, extraGets: { '/flash': flash } });
  }
  let closing: Promise<void> | undefined;
  return {
    serialPath: options.serialPath,
    controlPort: controlApi?.port,
    uno,
    sim,
    flash,
    disconnectHost: () => port.close(),
    close: () =>
      (closing ??= (async () => {
        clearTimeout(windowTimer);
        uno.stop();
        await controlApi?.close();
        await port.close();
      })()),
  };
}
