import { EvcError } from '../../protocol/index.ts';

const DATA = 0x00;
const END_OF_FILE = 0x01;
const EXTENDED_SEGMENT_ADDRESS = 0x02;
const EXTENDED_LINEAR_ADDRESS = 0x04;

/**
 * Parses an Intel HEX image (what avr-gcc and the Arduino IDE export) into a flash image of `flashBytes` bytes,
 * unwritten bytes left 0xFF as in erased flash. Every record's checksum is verified; a bad image is a clear
 * BAD_FIRMWARE error naming the line, never a half-loaded flash.
 */
export function parseIntelHex(text: string, flashBytes: number): Uint8Array {
  const flash = new Uint8Array(flashBytes).fill(0xff);
  let baseAddress = 0;
  let sawEnd = false;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length && !sawEnd; index++) {
    const line = lines[index]!.trim();
    if (line.length === 0) continue;
    const fail = (why: string): never => {
      throw new EvcError('BAD_FIRMWARE', `Intel HEX line ${index + 1}: ${why}`);
    };
    if (!/^:([0-9A-Fa-f]{2}){5,}$/.test(line)) fail('not a record (expected ":" then hex digit pairs)');
    const bytes = Buffer.from(line.slice(1), 'hex');
    const length = bytes[0]!;
    if (bytes.length !== length + 5) fail(`length byte says ${length} data bytes, the record has ${bytes.length - 5}`);
    const sum = bytes.reduce((total, byte) => (total + byte) & 0xff, 0);
    if (sum !== 0) fail('checksum mismatch');
    const address = (bytes[1]! << 8) | bytes[2]!;
    const type = bytes[3]!;
    const data = bytes.subarray(4, 4 + length);
    switch (type) {
      case DATA: {
        const start = baseAddress + address;
        if (start + length > flashBytes) fail(`data at 0x${start.toString(16)} runs past the ${flashBytes}-byte flash`);
        flash.set(data, start);
        break;
      }
      case END_OF_FILE: sawEnd = true; break;
      case EXTENDED_SEGMENT_ADDRESS: baseAddress = ((data[0]! << 8) | data[1]!) * 16; break;
      case EXTENDED_LINEAR_ADDRESS: baseAddress = ((data[0]! << 8) | data[1]!) << 16; break;
      default: break; // start-address records (03, 05) mean nothing to an AVR, which starts at 0
    }
  }
  if (!sawEnd) throw new EvcError('BAD_FIRMWARE', 'Intel HEX image has no end-of-file record: the file is truncated');
  return flash;
}
