import { Duplex } from 'node:stream';
import type net from 'node:net';
import { TurnCork } from '../../base/turn-cork.ts';

export type PacketRefusal = 'packet-too-large' | 'malformed-length';
export type OnPacketRefused = (reason: PacketRefusal, detail: string) => void;

/**
 * Sits between a client's socket and aedes and reads only MQTT fixed headers (MQTT 3.1.1
 * §2.2: one type byte, then a 1-4 byte "remaining length"). A packet whose remaining length
 * is over the limit closes the socket as soon as its header is in — before a single byte of
 * its body is buffered (aedes' parser would keep the whole packet in memory first).
 */
export class PacketGuard extends Duplex {
  readonly #socket: net.Socket;
  readonly #maxPacketBytes: number;
  readonly #onRefused: OnPacketRefused;
  #state: 'header' | 'length' | 'body' = 'header';
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #bodyLeft = 0;
  #refused = false;
  readonly #cork: TurnCork;

  constructor(socket: net.Socket, maxPacketBytes: number, onRefused: OnPacketRefused) {
    super({ allowHalfOpen: false });
    this.#socket = socket;
    this.#maxPacketBytes = maxPacketBytes;
    this.#onRefused = onRefused;
    this.#cork = new TurnCork(socket);
    socket.on('data', (chunk: Buffer) => {
      if (this.#refused || !this.#inspect(chunk)) return;
      if (!this.push(chunk)) socket.pause();
    });
    socket.once('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    // aedes listens for errors while it serves the client and drops its listener when it lets
    // go; a reset arriving after that must not become an uncaught error.
    this.on('error', () => undefined);
    socket.once('close', () => this.destroy());
  }

  get socket(): net.Socket {
    return this.#socket;
  }

  override _read(): void {
    this.#socket.resume();
  }

  /**
   * aedes writes a packet in pieces (mqtt-packet: header, length, topic, payload): passed on
   * one by one, each was a syscall of its own (issue 11: `writeBuffer`, 28 % of Central's time
   * at 500 requests/s). Held until the turn ends, a turn's packets leave in one write.
   * The callback does not wait for the socket to flush (the next piece would wait a turn),
   * only for it to drain when it is full.
   */
  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#socket.destroyed) return callback();
    this.#cork.hold();
    if (this.#socket.write(chunk, encoding)) callback();
    else this.#socket.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#cork.release();
    this.#socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#cork.release(); // a refused login's CONNACK is written just before aedes destroys the stream
    this.#socket.destroy();
    callback(error);
  }

  /** Walks the chunk's packet boundaries; false (and the socket closed) on a refused header. */
  #inspect(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === 'body') {
        const take = Math.min(this.#bodyLeft, chunk.length - i);
        this.#bodyLeft -= take;
        i += take;
        if (this.#bodyLeft === 0) this.#state = 'header';
        continue;
      }
      const byte = chunk[i++]!;
      if (this.#state === 'header') {
        this.#state = 'length';
        this.#length = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
        continue;
      }
      this.#length += (byte & 0x7f) * this.#multiplier;
      this.#multiplier *= 128;
      this.#lengthBytes++;
      if (this.#length > this.#maxPacketBytes) {
        return this.#refuse('packet-too-large', `a packet of ${this.#length > 268_435_455 ? 'over 256 MiB' : `${this.#length} bytes`} (limit ${this.#maxPacketBytes})`);
      }
      if (byte & 0x80) {
        if (this.#lengthBytes === 4) return this.#refuse('malformed-length', 'a remaining length longer than 4 bytes');
        continue;
      }
      if (this.#length === 0) this.#state = 'header';
      else {
        this.#state = 'body';
        this.#bodyLeft = this.#length;
      }
    }
    return true;
  }

  #refuse(reason: PacketRefusal, detail: string): false {
    this.#refused = true;
    this.#onRefused(reason, detail);
    this.#socket.destroy();
    return false;
  }
}
