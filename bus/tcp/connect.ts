import net from 'node:net';
import tls from 'node:tls';
import type { z } from 'zod';
import { LinkError } from './errors.ts';
import { clientHandshake } from './handshake.ts';
import { FramedLink, type FramedLinkOptions } from './link.ts';
import { realTimers, type Timers } from './timers.ts';

export interface ConnectFramedLinkOptions<S extends z.ZodType> extends Omit<FramedLinkOptions<S>, 'initialBytes'> {
  host: string;
  port: number;
  /** TCP connect plus handshake must finish within this time. Default 5000. */
  connectTimeoutMs?: number;
  /** Aborting gives up at once (the socket is destroyed, the promise rejects with CLOSED). */
  signal?: AbortSignal;
  /** Connect over TLS, trusting `ca` (PEM) for the server's certificate; default the system's CAs. */
  tls?: { ca?: string | Buffer; servername?: string };
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
  if (options.signal?.aborted) throw new LinkError('CLOSED', `connection to ${peer} aborted`);
  const socket = options.tls
    ? tls.connect({ host, port, ...(options.tls.ca ? { ca: options.tls.ca } : {}), ...(options.tls.servername ? { servername: options.tls.servername } : {}) })
    : net.connect({ host, port, noDelay: true });
  socket.setNoDelay(true);
  const onAbort = (): void => void socket.destroy();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await connected(socket, peer, timeoutMs, timers, options.signal, options.tls ? 'secureConnect' : 'connect');
    const initialBytes = await clientHandshake(socket, timeoutMs, timers, peer);
    if (options.signal?.aborted) {
      socket.destroy();
      throw new LinkError('CLOSED', `connection to ${peer} aborted`);
    }
    const { signal: _signal, tls: _tls, ...linkOptions } = options;
    return new FramedLink(socket, { ...linkOptions, initialBytes });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function connected(socket: net.Socket, peer: string, timeoutMs: number, timers: Timers, signal: AbortSignal | undefined, ready: 'connect' | 'secureConnect'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = timers.setTimeout(() => {
      socket.destroy();
      reject(new LinkError('TIMEOUT', `cannot connect to ${peer}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onConnect = (): void => {
      timers.clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      resolve();
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      timers.clearTimeout(timer);
      socket.off('close', onClose);
      socket.destroy();
      const tlsFailure = ready === 'secureConnect' && /CERT|SSL|TLS/i.test(`${error.code ?? ''} ${error.message}`);
      const hint = tlsFailure ? `TLS: ${error.message} (check --tls-ca: the CA that signed Central's certificate)` : ((error.code && HINTS[error.code]) ?? error.message);
      reject(new LinkError('UNREACHABLE', `cannot connect to ${peer}: ${hint}`));
    };
    // Only an abort destroys the socket before 'connect' or 'error'.
    const onClose = (): void => {
      timers.clearTimeout(timer);
      socket.off('error', onError);
      reject(new LinkError('CLOSED', `connection to ${peer} aborted${signal?.aborted ? '' : ' (socket closed)'}`));
    };
    socket.once(ready, onConnect);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}
