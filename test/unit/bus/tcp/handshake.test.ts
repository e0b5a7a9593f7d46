import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import { answerEnquiry, awaitEnquiry, clientHandshake } from '../../../../bus/tcp/handshake.ts';
import type { LinkError } from '../../../../bus/tcp/errors.ts';
import { ACK, ENQ, NACK } from '../../../../protocol/index.ts';
import { ManualTimers } from './manual-timers.ts';

/** A socket stand-in: what the code writes is collected, what the peer sends is pushed with `receive`. */
class FakeSocket extends Duplex {
  readonly written: number[] = [];

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.written.push(...chunk);
    callback();
  }

  receive(bytes: number[]): void {
    this.emit('data', Buffer.from(bytes));
  }
}

describe('bus/tcp handshake (DESIGN §4.1 ENQ/ACK)', () => {
  it('client: sends ENQ, skips stray bytes, and resolves on ACK with what came after it', async () => {
    const socket = new FakeSocket();
    const timers = new ManualTimers();
    const done = clientHandshake(socket, 1000, timers, 'central:7070');
    assert.deepEqual(socket.written, [ENQ]);
    socket.receive([0x41, 0x42]);
    socket.receive([0x43, ACK, 0x02, 0x7b]);
    assert.deepEqual([...(await done)], [0x02, 0x7b]);
    assert.equal(timers.pending, 0, 'no timer left');
  });

  it('client: NACK is REFUSED, and the socket is destroyed', async () => {
    const socket = new FakeSocket();
    const done = clientHandshake(socket, 1000, new ManualTimers(), 'central:7070');
    socket.receive([NACK]);
    await assert.rejects(done, (error: LinkError) => error.code === 'REFUSED' && /server central:7070 refused the link \(NACK\)/.test(error.message));
    assert.equal(socket.destroyed, true);
  });

  it('client: no answer in time is TIMEOUT; a close first is CLOSED, naming the socket error', async () => {
    const timers = new ManualTimers();
    const silent = new FakeSocket();
    const timedOut = clientHandshake(silent, 250, timers, 'central:7070');
    timers.advance(250);
    await assert.rejects(timedOut, (error: LinkError) => error.code === 'TIMEOUT' && error.message === 'no handshake answer (ACK) from central:7070 within 250 ms');
    assert.equal(silent.destroyed, true);

    const hangsUp = new FakeSocket();
    const closed = clientHandshake(hangsUp, 250, timers, 'central:7070');
    hangsUp.emit('error', Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    hangsUp.emit('close');
    await assert.rejects(closed, (error: LinkError) => error.code === 'CLOSED' && /connection closed \(ECONNRESET\) while waiting for handshake answer/.test(error.message));
  });

  it('server: waits for ENQ past stray bytes, then answers ACK to keep the link or NACK to refuse and close', async () => {
    const socket = new FakeSocket();
    const enquiry = awaitEnquiry(socket, 1000, new ManualTimers());
    socket.receive([0x00, 0xff, ENQ, 0x02]);
    assert.deepEqual([...(await enquiry)], [0x02]);
    answerEnquiry(socket, true);
    assert.deepEqual(socket.written, [ACK]);
    assert.equal(socket.writableEnded, false);
    const refused = new FakeSocket();
    const finished = once(refused, 'finish');
    answerEnquiry(refused, false);
    await finished;
    assert.deepEqual(refused.written, [NACK]);
  });
});
