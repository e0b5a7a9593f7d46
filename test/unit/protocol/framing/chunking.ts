import fc from 'fast-check';
import { FrameDecoder, type DecodedToken } from '../../../../protocol/framing/decoder.ts';

/** Cut points, as fractions of the stream length, so any stream can be split by one arbitrary. */
export const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 });

/** Splits `bytes` at the given fractions of its length (some chunks may be empty). */
export function chunk(bytes: Buffer, fractions: number[]): Buffer[] {
  const points = fractions.map((f) => Math.floor(f * bytes.length)).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

/** Feeds every chunk to one fresh decoder; returns all tokens in order. */
export function decodeAll(chunks: Buffer[], maxDataBytes?: number): DecodedToken[] {
  const decoder = new FrameDecoder(maxDataBytes);
  return chunks.flatMap((piece) => decoder.push(piece));
}

/** Frame DATA as the link sends it: the UTF-8 of a JSON text (never holds STX or ETX). */
export const jsonData = fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text, 'utf8'));
