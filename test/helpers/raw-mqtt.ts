// Raw sockets to an MQTT broker, for tests that send what no stock client would.
import { once } from 'node:events';
import net from 'node:net';

/** The fixed header of a CONNECT claiming `length` bytes to follow (MQTT 3.1.1 §2.2.3). */
export function connectHeader(length: number): Buffer {
  const bytes = [0x10];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}

/** Resolves when the socket is closed (a reset counts: `once` would reject on its error). */
export const closedOf = (socket: net.Socket): Promise<void> => new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

export function rawSocket(port: number): Promise<net.Socket> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  return once(socket, 'connect').then(() => socket);
}
