import net from 'node:net';
import type { z } from 'zod';
import { LinkError } from './errors.ts';
import { clientHandshake } from './handshake.ts';
import { FramedLink, type FramedLinkOptions } from './link.ts';
import { realTimers } from './timers.ts';

export interface ConnectFramedLinkOptions<S extends z.ZodType> extends Omit<FramedLinkOptions<S>, 'initialBytes'> {
  host: string;
  port: number;
  /** TCP connect plus handshake must finish within this time. Default 5000. */
  connectTimeoutMs?: number;
}

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running and listening on that port?)',
  EHOSTUNREACH: 'host unreachable (check the address and the network)',
  ENOTFOUND: 'unknown host name (check the address)',
  ETIMEDOUT: 'connection timed out (check the address and any firewall)',
};

/**
 * Opens a TCP connection, does the ENQ/ACK handshake (DESIGN §4.1) and resolves with the
 * link. Rejects with a LinkError: UNREACHABLE (TCP failed), REFUSED (NACK), TIMEOUT.
 */
export async function connectFramedLink<S extends z.ZodType>(options: ConnectFramedLinkOptions<S>): Promise<FramedLink<S>> {
  const { host, port } = options;
  const timers = options.timers ?? realTimers;
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  const peer = `${host}:${port}`;
  const socket = net.connect({ host, port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    const timer = timers.setTimeout(() => {
      socket.destroy();
      reject(new LinkError('TIMEOUT', `cannot connect to ${peer}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      timers.clearTimeout(timer);
      socket.off('error', onError);
      resolve();
    });
    const onError = (error: NodeJS.ErrnoException): void => {
      timers.clearTimeout(timer);
      socket.destroy();
      const hint = (error.code && HINTS[error.code]) ?? error.message;
      reject(new LinkError('UNREACHABLE', `cannot connect to ${peer}: ${hint}`));
    };
    socket.once('error', onError);
  });
  const initialBytes = await clientHandshake(socket, timeoutMs, timers, peer);
  return new FramedLink(socket, { ...options, initialBytes });
}
