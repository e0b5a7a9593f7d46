import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ButtonName } from '../../wiring/index.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { buttonNames, type VirtualChargePoint } from './virtual-charge-point.ts';

export interface ControlApiOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to loopback: the control API presses buttons, so it is not exposed unless asked. */
  readonly host?: string;
  readonly logger?: Logger;
  /** More read-only endpoints, by path (`evc sim-board` adds GET /flash). */
  readonly extraGets?: Readonly<Record<string, () => unknown>>;
}

export interface ControlApi {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; allow?: string };

const buttonActions = ['press', 'release', 'tap'] as const;
type ButtonAction = (typeof buttonActions)[number];

/** How long a `tap` holds the button: longer than johnny-five's 7 ms debounce, as a real finger would. */
const TAP_HOLD_MS = 60;

/**
 * The sim board's HTTP control API (DESIGN §6): `POST /buttons/{ko|plug}/{press|release|tap}`,
 * `GET /outputs` (read from pin levels), `GET /pins` (every pin, for debugging).
 * Bad paths get 404, wrong methods 405; nothing a client sends can stop the server.
 */
export async function startControlApi(sim: VirtualChargePoint, options: ControlApiOptions): Promise<ControlApi> {
  const logger = options.logger ?? silentLogger;
  const server: Server = createServer((request, response) => {
    request.resume(); // bodies are not used; drain them so keep-alive works
    void route(sim, request, options.extraGets ?? {})
      .catch((error: unknown): Reply => {
        logger.error({ err: error, url: request.url }, 'sim control request failed');
        return { status: 500, body: { error: (error as Error).message } };
      })
      .then((reply) => send(response, reply));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ port, host }, 'sim control API listening');
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(sim: VirtualChargePoint, request: IncomingMessage, extraGets: Readonly<Record<string, () => unknown>>): Promise<Reply> {
  const path = new URL(request.url ?? '/', 'http://sim').pathname.replace(/\/+$/, '') || '/';
  const method = request.method ?? 'GET';
  const readOnly = (body: () => unknown): Reply =>
    method === 'GET' || method === 'HEAD' ? { status: 200, body: body() } : { status: 405, body: { error: `use GET ${path}` }, allow: 'GET, HEAD' };

  if (path === '/outputs') return readOnly(() => sim.outputs());
  if (path === '/pins') return readOnly(() => sim.pins());
  const extra = Object.hasOwn(extraGets, path) ? extraGets[path] : undefined;
  if (extra) return readOnly(extra);

  const match = /^\/buttons\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return notFound(path);
  const [, button, action] = match as unknown as [string, string, string];
  if (!(buttonNames as ReadonlyArray<string>).includes(button)) return notFound(path, `unknown button "${button}": use ${buttonNames.join(' or ')}`);
  if (!(buttonActions as ReadonlyArray<string>).includes(action)) return notFound(path, `unknown action "${action}": use ${buttonActions.join(', ')}`);
  if (method !== 'POST') return { status: 405, body: { error: `use POST ${path}` }, allow: 'POST' };

  await act(sim, button as ButtonName, action as ButtonAction);
  return { status: 200, body: { button, action, outputs: sim.outputs() } };
}

async function act(sim: VirtualChargePoint, button: ButtonName, action: ButtonAction): Promise<void> {
  if (action === 'press') sim.pressButton(button);
  else if (action === 'release') sim.releaseButton(button);
  else await sim.tapButton(button, TAP_HOLD_MS);
}

function notFound(path: string, why = `no such endpoint ${path}`): Reply {
  return { status: 404, body: { error: why, endpoints: ['POST /buttons/{ko|plug}/{press|release|tap}', 'GET /outputs', 'GET /pins'] } };
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent || response.destroyed) return;
  const text = `${JSON.stringify(reply.body)}\n`;
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (reply.allow) headers.allow = reply.allow;
  response.writeHead(reply.status, headers);
  response.end(text);
}
