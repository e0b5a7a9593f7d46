import { once } from 'node:events';
import net from 'node:net';
import { ACK, ENQ, NACK } from '../../../../protocol/framing/control-bytes.ts';
import { FrameDecoder, type DecodedToken } from '../../../../protocol/framing/decoder.ts';
import { encodeFrame } from '../../../../protocol/framing/encode.ts';
import { encodeMessage } from '../../../../protocol/parse.ts';

/**
 * The far end of a link written byte by byte, to send what a FramedLink never would
 * (bad LRC, garbage, oversize) and to see every byte a FramedLink sends.
 */
export class RawPeer {
  readonly socket: net.Socket;
  readonly #decoder = new FrameDecoder(1 << 20);
  readonly #tokens: DecodedToken[] = [];
  readonly #waiters: Array<(token: DecodedToken) => void> = [];
  readonly closed: Promise<void>;
  /** True once the other side ended its half of the connection. */
  ended = false;

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('end', () => (this.ended = true));
    this.closed = once(socket, 'close').then(() => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const token of this.#decoder.push(chunk)) {
        const waiter = this.#waiters.shift();
        if (waiter) waiter(token);
        else this.#tokens.push(token);
      }
    });
  }

  /** Connects and does the client handshake; resolves with the peer and the server's answer. */
  static async connect(port: number, enquire = true): Promise<RawPeer> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    const peer = new RawPeer(socket);
    if (enquire) peer.write(ENQ);
    return peer;
  }

  /** A raw server; `accepted` resolves with the first client, which must send ENQ itself. */
  static async listen(): Promise<{ port: number; accepted: Promise<RawPeer>; close: () => Promise<void> }> {
    const server = net.createServer();
    const accepted = once(server, 'connection').then(([socket]) => new RawPeer(socket as net.Socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const close = async (): Promise<void> => {
      server.close();
      const peer = await Promise.race([accepted, Promise.resolve(undefined)]);
      peer?.socket.destroy();
    };
    return { port, accepted, close };
  }

  /** Resolves with the next token (frame, control byte, ...) the other side sent. */
  next(): Promise<DecodedToken> {
    const queued = this.#tokens.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves with the next token, which must be a frame; returns its message. */
  async nextMessage(): Promise<Record<string, unknown>> {
    const token = await this.next();
    if (token.kind !== 'frame') throw new Error(`expected a frame, got ${JSON.stringify(token)}`);
    return JSON.parse(token.data.toString('utf8')) as Record<string, unknown>;
  }

  /** Tokens received and not yet taken by `next()`. */
  get queued(): readonly DecodedToken[] {
    return this.#tokens;
  }

  write(...bytes: Array<number | Buffer>): void {
    this.socket.write(Buffer.concat(bytes.map((b) => (typeof b === 'number' ? Buffer.of(b) : b))));
  }

  sendMessage(message: object): void {
    this.write(encodeFrame(encodeMessage(message)));
  }

  ack(): void {
    this.write(ACK);
  }

  nack(): void {
    this.write(NACK);
  }
}

export const ackToken: DecodedToken = { kind: 'control', byte: ACK };
export const nackToken: DecodedToken = { kind: 'control', byte: NACK };
