import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { z } from 'zod';
import { FramedLink } from '../../../../bus/tcp/link.ts';
import { ACK, encodeFrame, encodeMessage, health, type Health } from '../../../../protocol/index.ts';

/** A socket stand-in that records each write call the stream makes (one entry per syscall a net.Socket would make). */
class RecordingSocket extends Duplex {
  readonly writes: Buffer[] = [];

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.writes.push(chunk);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: () => void): void {
    this.writes.push(Buffer.concat(chunks.map(({ chunk }) => chunk)));
    callback();
  }
}

const aHealth = (n: number): Health => ({ type: 'health', id: `h${n}`, ts: 1, cpId: 'CP1', engine: 'ok' });
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FramedLink write batching (DESIGN §4.1 ACKs)', () => {
  it('answers several frames that arrived in one chunk with one write', async () => {
    const socket = new RecordingSocket();
    const link = new FramedLink(socket, { inbound: z.discriminatedUnion('type', [health]) });
    const received: Health[] = [];
    link.on('message', (message) => void received.push(message as Health));
    socket.push(Buffer.concat([1, 2, 3].map((n) => encodeFrame(encodeMessage(aHealth(n))))));
    await nextTurn();
    assert.equal(received.length, 3);
    assert.deepEqual(socket.writes, [Buffer.of(ACK, ACK, ACK)]);
    link.on('close', () => undefined);
    socket.destroy();
  });

  it('sends the ACK and a reply written in the same turn together, ACK first', async () => {
    const socket = new RecordingSocket();
    const link = new FramedLink(socket, { inbound: z.discriminatedUnion('type', [health]) });
    const reply = aHealth(99);
    link.on('message', () => void link.send(reply).catch(() => undefined));
    socket.push(encodeFrame(encodeMessage(aHealth(1))));
    await nextTurn();
    assert.equal(socket.writes.length, 1);
    assert.deepEqual(socket.writes[0], Buffer.concat([Buffer.of(ACK), encodeFrame(encodeMessage(reply))]));
    socket.destroy();
  });

  it('writes in a later turn go out on their own', async () => {
    const socket = new RecordingSocket();
    const link = new FramedLink(socket, { inbound: z.discriminatedUnion('type', [health]) });
    link.on('message', () => undefined);
    socket.push(encodeFrame(encodeMessage(aHealth(1))));
    await nextTurn();
    socket.push(encodeFrame(encodeMessage(aHealth(2))));
    await nextTurn();
    assert.deepEqual(socket.writes, [Buffer.of(ACK), Buffer.of(ACK)]);
    socket.destroy();
  });
});
