import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

/** True when `host:port` can be bound now and nothing answers on 127.0.0.1:port. */
export async function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  const server = net.createServer();
  server.unref();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => resolve(true));
  });
  if (bound) {
    server.close();
    await once(server, 'close');
  }
  return bound && !(await answers('127.0.0.1', port));
}

/** A port the OS says is free now (bound to port 0, then released). */
export async function freePort(host = '0.0.0.0'): Promise<number> {
  const server = net.createServer();
  server.unref();
  server.listen({ port: 0, host, exclusive: true });
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** `preferred` when it is free, else any free port; never one in `taken`. */
export async function pickPort(preferred: number | undefined, taken: ReadonlySet<number> = new Set(), host = '0.0.0.0'): Promise<number> {
  if (preferred !== undefined && !taken.has(preferred) && (await isPortFree(preferred, host))) return preferred;
  for (;;) {
    const port = await freePort(host);
    if (!taken.has(port)) return port;
  }
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(500);
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export interface HttpReply<T = unknown> {
  status: number;
  body: T;
}

/** One HTTP request with a JSON answer (or the text when it is not JSON). */
export async function httpJson<T = unknown>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpReply<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the text itself
  }
  return { status: response.status, body: body as T };
}

export interface PollOptions {
  timeoutMs: number;
  /** Between tries. Default 100 ms. */
  intervalMs?: number;
  /** For the error: what was awaited. */
  what: string;
  /** What the probe saw last, for the timeout's message (default "not yet"). */
  lastSeen?: () => string;
  signal?: AbortSignal;
}

/**
 * Calls `probe` until it returns something other than undefined, or the deadline passes.
 * For state that only an HTTP endpoint shows: no push exists, so polling with a deadline is
 * the honest wait. The last probe error (or value) goes in the timeout's message.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadlineMs = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = options.lastSeen?.() ?? 'not yet';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadlineMs) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what} (last: ${last})`);
    await delay(options.intervalMs ?? 100, undefined, options.signal ? { signal: options.signal } : {});
  }
}
