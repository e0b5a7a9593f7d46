import type { Duplex } from 'node:stream';
import { ACK, ENQ, NACK } from '../../protocol/framing/control-bytes.ts';
import { LinkError } from './errors.ts';
import type { Timers } from './timers.ts';

/**
 * Reads until one of `wanted` arrives (other bytes are skipped, DESIGN §4.1), then pauses
 * the socket and resolves with that byte and whatever followed it in the same chunk.
 */
function readUntil(
  socket: Duplex,
  wanted: readonly number[],
  timeoutMs: number,
  timers: Timers,
  what: string,
): Promise<{ byte: number; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      timers.clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      const index = chunk.findIndex((byte) => wanted.includes(byte));
      if (index < 0) return;
      socket.pause();
      finish();
      resolve({ byte: chunk[index]!, rest: chunk.subarray(index + 1) });
    };
    let lastError: string | undefined;
    const onError = (error: NodeJS.ErrnoException): void => {
      lastError = error.code ?? error.message;
    };
    const onClose = (): void => {
      finish();
      reject(new LinkError('CLOSED', `connection closed ${lastError ? `(${lastError}) ` : ''}while waiting for ${what}`));
    };
    const timer = timers.setTimeout(() => {
      finish();
      socket.destroy();
      reject(new LinkError('TIMEOUT', `no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onError);
  });
}

/**
 * Client side of DESIGN §4.1: sends ENQ and waits for ACK. Resolves with any bytes that
 * arrived after the ACK; rejects with REFUSED on NACK (the server is full or refusing).
 */
export async function clientHandshake(socket: Duplex, timeoutMs: number, timers: Timers, peer: string): Promise<Buffer> {
  socket.write(Buffer.of(ENQ));
  const { byte, rest } = await readUntil(socket, [ACK, NACK], timeoutMs, timers, `handshake answer (ACK) from ${peer}`);
  if (byte === NACK) {
    socket.destroy();
    throw new LinkError('REFUSED', `server ${peer} refused the link (NACK): it is full or not accepting this client`);
  }
  return rest;
}

/** Server side: waits for the client's ENQ; resolves with the bytes that followed it. */
export async function awaitEnquiry(socket: Duplex, timeoutMs: number, timers: Timers): Promise<Buffer> {
  const { rest } = await readUntil(socket, [ENQ], timeoutMs, timers, 'ENQ');
  return rest;
}

/** Server side: ACK keeps the socket for a link; NACK refuses and closes it. */
export function answerEnquiry(socket: Duplex, accepted: boolean): void {
  if (accepted) socket.write(Buffer.of(ACK));
  else socket.end(Buffer.of(NACK));
}
