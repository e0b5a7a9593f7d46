/**
 * The Uno's bootloader as avrdude sees it (`-c arduino`): the STK500 version 1 subset Optiboot speaks
 * (Atmel AVR061). Pure: bytes in, bytes out, flash through the `FlashMemory` it is given. Every command
 * ends with CRC_EOP; the answer is INSYNC … OK, or NOSYNC when the EOP is missing.
 */
export interface FlashMemory {
  /** Writes one page (already erased-and-written as one operation, as the chip's SPM page write does). */
  writePage(byteAddress: number, data: Uint8Array): void;
  read(byteAddress: number, length: number): Uint8Array;
}

const STK = {
  OK: 0x10, INSYNC: 0x14, NOSYNC: 0x15, CRC_EOP: 0x20,
  GET_SYNC: 0x30, GET_PARAMETER: 0x41, SET_DEVICE: 0x42, SET_DEVICE_EXT: 0x45, ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51, CHIP_ERASE: 0x52, LOAD_ADDRESS: 0x55, UNIVERSAL: 0x56, PROG_PAGE: 0x64, READ_PAGE: 0x74,
  READ_SIGN: 0x75, SW_MAJOR: 0x81, SW_MINOR: 0x82,
} as const;

/** ATmega328P: signature 1E 95 0F, 128-byte pages, 32 KiB of which Optiboot keeps the top 512 bytes. */
export const ATMEGA328P_SIGNATURE = [0x1e, 0x95, 0x0f] as const;
export const APPLICATION_BYTES = 0x8000 - 512;
const OPTIBOOT_VERSION = [8, 0] as const;

/** How many bytes follow each command byte before its CRC_EOP (PROG_PAGE and READ_PAGE say theirs). */
const argumentBytes: Record<number, number> = {
  [STK.GET_SYNC]: 0, [STK.GET_PARAMETER]: 1, [STK.SET_DEVICE]: 20, [STK.SET_DEVICE_EXT]: 5, [STK.ENTER_PROGMODE]: 0,
  [STK.LEAVE_PROGMODE]: 0, [STK.CHIP_ERASE]: 0, [STK.LOAD_ADDRESS]: 2, [STK.UNIVERSAL]: 4, [STK.READ_SIGN]: 0,
};

export interface BootloaderRecord {
  /** Byte addresses of the pages written, in order. */
  readonly pagesWritten: ReadonlyArray<number>;
  readonly left: boolean;
}

export class Stk500Bootloader {
  readonly #flash: FlashMemory;
  readonly #pending: Array<number> = [];
  readonly #pagesWritten: Array<number> = [];
  #wordAddress = 0;
  #left = false;

  constructor(flash: FlashMemory) {
    this.#flash = flash;
  }

  /** LEAVE_PROGMODE was answered: the bootloader now starts the application. */
  get left(): boolean {
    return this.#left;
  }

  get record(): BootloaderRecord {
    return { pagesWritten: [...this.#pagesWritten], left: this.#left };
  }

  /** Takes bytes from the host; returns the bytes to send back (possibly none until a command is whole). */
  receive(bytes: Uint8Array): Uint8Array {
    const out: Array<number> = [];
    for (const byte of bytes) this.#pending.push(byte);
    for (;;) {
      const length = this.#commandLength();
      if (length === undefined || this.#pending.length < length) break;
      const command = this.#pending.splice(0, length);
      out.push(...this.#answer(command));
    }
    return Uint8Array.from(out);
  }

  /** Bytes the whole command at the head of the queue takes, including its CRC_EOP; undefined until known. */
  #commandLength(): number | undefined {
    if (this.#pending.length === 0) return undefined;
    const command = this.#pending[0]!;
    if (command === STK.PROG_PAGE || command === STK.READ_PAGE) {
      if (this.#pending.length < 4) return undefined;
      const size = (this.#pending[1]! << 8) | this.#pending[2]!;
      return 1 + 3 + (command === STK.PROG_PAGE ? size : 0) + 1;
    }
    return 1 + (argumentBytes[command] ?? 0) + 1;
  }

  #answer(command: Array<number>): Array<number> {
    if (command[command.length - 1] !== STK.CRC_EOP) {
      this.#pending.length = 0; // lost sync: drop what is queued, the host resyncs with GET_SYNC
      return [STK.NOSYNC];
    }
    const [code] = command as [number];
    const ok = (...data: Array<number>): Array<number> => [STK.INSYNC, ...data, STK.OK];
    switch (code) {
      case STK.GET_PARAMETER: {
        const which = command[1];
        return ok(which === STK.SW_MAJOR ? OPTIBOOT_VERSION[0] : which === STK.SW_MINOR ? OPTIBOOT_VERSION[1] : 0x03);
      }
      case STK.LOAD_ADDRESS:
        this.#wordAddress = command[1]! | (command[2]! << 8);
        return ok();
      case STK.UNIVERSAL:
        return ok(0x00);
      case STK.PROG_PAGE: {
        const size = (command[1]! << 8) | command[2]!;
        const memory = command[3];
        const address = this.#wordAddress * 2;
        if (memory === 0x46 /* 'F' */ && address + size <= APPLICATION_BYTES) {
          this.#flash.writePage(address, Uint8Array.from(command.slice(4, 4 + size)));
          this.#pagesWritten.push(address);
        }
        return ok();
      }
      case STK.READ_PAGE: {
        const size = (command[1]! << 8) | command[2]!;
        const memory = command[3];
        const data = memory === 0x46 ? this.#flash.read(this.#wordAddress * 2, size) : new Uint8Array(size).fill(0xff);
        return ok(...data);
      }
      case STK.READ_SIGN:
        return ok(...ATMEGA328P_SIGNATURE);
      case STK.LEAVE_PROGMODE:
        this.#left = true;
        return ok();
      default: // GET_SYNC, SET_DEVICE(_EXT), ENTER_PROGMODE, CHIP_ERASE and anything else: acknowledged
        return ok();
    }
  }
}
