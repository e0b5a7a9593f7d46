// Starts Central's real HTTP server on a free loopback port over the FakeOperations double.
import { startHttpServer, type HttpServerHandle } from '../../../../central/http/index.ts';
import { FakeOperations, aChargingCpView, aCpView, aSessionView } from '../../../helpers/fake-operations.ts';

export const ADMIN_TOKEN = 'test-admin-token';

export interface HttpFixture {
  operations: FakeOperations;
  server: HttpServerHandle;
  url: (path: string) => string;
  close(): Promise<void>;
}

export async function anHttpFixture(options: { adminToken?: string; operations?: FakeOperations } = {}): Promise<HttpFixture> {
  const operations =
    options.operations ??
    new FakeOperations({
      cps: [aChargingCpView({ id: 'CP1' }), aCpView({ id: 'CP2' }), aCpView({ id: 'CP3', state: 'FAULTED' })],
      sessions: [aSessionView({ id: 'S2', state: 'charging', endedAt: undefined, reason: undefined }), aSessionView({ id: 'S1' })],
    });
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, operations, ...(options.adminToken ? { adminToken: options.adminToken } : {}) });
  return { operations, server, url: (path) => `${server.url}${path}`, close: () => server.close() };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads an SSE stream (`fetch` body) event by event; comments come back as event `:`. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** The next event (or comment); undefined when the stream ends. */
  async next(): Promise<SseEvent | undefined> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return parseBlock(block);
      }
      const { value, done } = await this.#reader.read();
      if (done) return undefined;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** Skips events until one named `event` arrives. */
  async nextOf(event: string): Promise<SseEvent> {
    for (;;) {
      const next = await this.next();
      if (next === undefined) throw new Error(`stream ended before a "${event}" event`);
      if (next.event === event) return next;
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

function parseBlock(block: string): SseEvent {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return { event: ':', data: line.slice(1).trim() };
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else if (line.startsWith('retry: ')) event = 'retry';
  }
  return { event, data: data.join('\n') };
}
