import * as F from './firmata-constants.ts';

/** One complete host→board Firmata message. */
export type FirmataCommand =
  | { readonly kind: 'digital-port'; readonly port: number; readonly value: number }
  | { readonly kind: 'digital-pin'; readonly pin: number; readonly value: number }
  | { readonly kind: 'analog-write'; readonly pin: number; readonly value: number }
  | { readonly kind: 'pin-mode'; readonly pin: number; readonly mode: number }
  | { readonly kind: 'report-digital'; readonly port: number; readonly enable: boolean }
  | { readonly kind: 'report-analog'; readonly channel: number; readonly enable: boolean }
  | { readonly kind: 'report-version' }
  | { readonly kind: 'system-reset' }
  | { readonly kind: 'sysex'; readonly body: ReadonlyArray<number> };

/** Longest sysex kept; StandardFirmata's input buffer is 64 bytes, so anything far longer is noise. */
export const MAX_SYSEX_BYTES = 1024;

/** Number of data bytes after a command byte, or undefined for bytes that start no command. */
function dataLength(commandByte: number): number | undefined {
  if (commandByte < 0xf0) {
    switch (commandByte & 0xf0) {
      case F.DIGITAL_MESSAGE:
      case F.ANALOG_MESSAGE: return 2;
      case F.REPORT_ANALOG:
      case F.REPORT_DIGITAL: return 1;
      default: return undefined;
    }
  }
  switch (commandByte) {
    case F.SET_PIN_MODE:
    case F.SET_DIGITAL_PIN_VALUE: return 2;
    case F.REPORT_VERSION:
    case F.SYSTEM_RESET: return 0;
    default: return undefined;
  }
}

function toCommand(commandByte: number, data: ReadonlyArray<number>): FirmataCommand {
  const low = commandByte & 0x0f;
  const word = (data[0] ?? 0) | ((data[1] ?? 0) << 7);
  switch (commandByte < 0xf0 ? commandByte & 0xf0 : commandByte) {
    case F.DIGITAL_MESSAGE: return { kind: 'digital-port', port: low, value: word };
    case F.ANALOG_MESSAGE: return { kind: 'analog-write', pin: low, value: word };
    case F.REPORT_DIGITAL: return { kind: 'report-digital', port: low, enable: data[0] !== 0 };
    case F.REPORT_ANALOG: return { kind: 'report-analog', channel: low, enable: data[0] !== 0 };
    case F.SET_PIN_MODE: return { kind: 'pin-mode', pin: data[0]!, mode: data[1]! };
    case F.SET_DIGITAL_PIN_VALUE: return { kind: 'digital-pin', pin: data[0]!, value: data[1]! };
    case F.REPORT_VERSION: return { kind: 'report-version' };
    default: return { kind: 'system-reset' };
  }
}

/**
 * Splits the host's byte stream into Firmata commands, the way the firmware's parser does:
 * a byte with the top bit set starts a command, data bytes are 7-bit; a new command byte abandons an
 * unfinished one; data bytes with no command and unknown command bytes are skipped. Never throws.
 */
export class FirmataParser {
  #command: number | null = null;
  #data: Array<number> = [];
  #sysex: Array<number> | null = null;
  #discarded = 0;

  get discardedByteCount(): number {
    return this.#discarded;
  }

  push(bytes: Uint8Array | ReadonlyArray<number>): Array<FirmataCommand> {
    const commands: Array<FirmataCommand> = [];
    for (const raw of bytes) {
      const command = this.#byte(raw & 0xff);
      if (command) commands.push(command);
    }
    return commands;
  }

  #byte(byte: number): FirmataCommand | undefined {
    if (this.#sysex) {
      if (byte === F.END_SYSEX) {
        const body = this.#sysex;
        this.#sysex = null;
        return body.length > 0 ? { kind: 'sysex', body } : undefined;
      }
      if (byte < 0x80) {
        if (this.#sysex.length < MAX_SYSEX_BYTES) this.#sysex.push(byte);
        else this.#discarded++;
        return undefined;
      }
      this.#discarded += this.#sysex.length + 1; // an unterminated sysex (F0 + body): drop it, read this byte afresh
      this.#sysex = null;
    }
    if (byte >= 0x80) return this.#startCommand(byte);
    if (this.#command === null) {
      this.#discarded++;
      return undefined;
    }
    this.#data.push(byte);
    if (this.#data.length < dataLength(this.#command)!) return undefined;
    const command = toCommand(this.#command, this.#data);
    this.#command = null;
    this.#data = [];
    return command;
  }

  #startCommand(byte: number): FirmataCommand | undefined {
    if (this.#command !== null) this.#discarded += this.#data.length + 1; // an unfinished command is abandoned
    this.#command = null;
    this.#data = [];
    if (byte === F.START_SYSEX) {
      this.#sysex = [];
      return undefined;
    }
    const length = dataLength(byte);
    if (length === undefined) {
      this.#discarded++;
      return undefined;
    }
    if (length === 0) return toCommand(byte, []);
    this.#command = byte;
    return undefined;
  }
}
