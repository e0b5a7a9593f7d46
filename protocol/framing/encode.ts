import { ETX, MAX_FRAME_DATA_BYTES, STX } from './control-bytes.ts';

/** XOR of every byte of DATA (DESIGN §4.1). */
export function lrc(data: Uint8Array): number {
  let value = 0;
  for (const byte of data) value ^= byte;
  return value;
}

/** STX · DATA · ETX · LRC. Throws on DATA the receiver would refuse, so the bug surfaces at the sender. */
export function encodeFrame(data: Uint8Array): Buffer {
  if (data.length > MAX_FRAME_DATA_BYTES) throw new RangeError(`frame data of ${data.length} bytes exceeds ${MAX_FRAME_DATA_BYTES}`);
  if (data.includes(STX) || data.includes(ETX)) throw new RangeError('frame data must not contain STX or ETX');
  const frame = Buffer.allocUnsafe(data.length + 3);
  frame[0] = STX;
  frame.set(data, 1);
  frame[data.length + 1] = ETX;
  frame[data.length + 2] = lrc(data);
  return frame;
}
