import { CONTROL_BYTES, ETX, MAX_FRAME_DATA_BYTES, STX, type ControlByte } from './control-bytes.ts';
import { lrc } from './encode.ts';

export type DecodedToken =
  | { kind: 'frame'; data: Buffer }
  | { kind: 'control'; byte: ControlByte }
  /** A complete frame whose LRC did not match: answer NACK. */
  | { kind: 'bad-lrc' }
  /** DATA grew past the 4 KiB limit: close the link. */
  | { kind: 'oversize' };

/**
 * Streaming decoder for DESIGN §4.1 frames. Feed it any chunking of the byte stream;
 * it returns complete tokens in order. Bytes outside a frame that are not control
 * bytes are skipped; an STX inside a frame restarts the frame (JSON never holds one).
 */
export class FrameDecoder {
  #inFrame = false;
  #awaitingLrc = false;
  #data: number[] = [];
  readonly #maxDataBytes: number;

  constructor(maxDataBytes = MAX_FRAME_DATA_BYTES) {
    this.#maxDataBytes = maxDataBytes;
  }

  push(chunk: Uint8Array): DecodedToken[] {
    const tokens: DecodedToken[] = [];
    for (const byte of chunk) {
      const token = this.#step(byte);
      if (token) tokens.push(token);
    }
    return tokens;
  }

  /** Bytes held for a frame not yet complete. */
  get pendingBytes(): number {
    return this.#data.length;
  }

  #step(byte: number): DecodedToken | undefined {
    if (this.#awaitingLrc) {
      const data = Buffer.from(this.#data);
      this.#reset();
      return byte === lrc(data) ? { kind: 'frame', data } : { kind: 'bad-lrc' };
    }
    if (!this.#inFrame) {
      if (byte === STX) this.#inFrame = true;
      else if (CONTROL_BYTES.has(byte)) return { kind: 'control', byte: byte as ControlByte };
      return undefined;
    }
    if (byte === ETX) {
      this.#awaitingLrc = true;
      return undefined;
    }
    if (byte === STX) {
      this.#data = [];
      return undefined;
    }
    if (this.#data.length >= this.#maxDataBytes) {
      this.#reset();
      return { kind: 'oversize' };
    }
    this.#data.push(byte);
    return undefined;
  }

  #reset(): void {
    this.#inFrame = false;
    this.#awaitingLrc = false;
    this.#data = [];
  }
}
