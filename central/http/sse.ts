import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CpView, SessionView } from '../core/index.ts';
import type { CentralEventLine, CentralOperations } from '../operations.ts';

export interface SseSnapshot {
  cps: CpView[];
  sessions: SessionView[];
  log: CentralEventLine[];
}

export interface SseHubOptions {
  logger: Logger;
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /** Log lines kept for the snapshot of a new client. Default 50. */
  logHistory?: number;
  /** Sessions in the snapshot. Default 20. */
  snapshotSessions?: number;
}

interface Client {
  res: ServerResponse;
  /** Events that arrived while the snapshot was being built; sent right after it. */
  pending: string[] | undefined;
}

/** A client this far behind is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * `GET /events` (DESIGN §6): Server-Sent Events `snapshot` on connect, then `cp` (a
 * CpView on every change), `session` (a SessionView when one ends) and `log` lines.
 */
export class SseHub {
  readonly #operations: CentralOperations;
  readonly #logger: Logger;
  readonly #clients = new Set<Client>();
  readonly #log: CentralEventLine[] = [];
  readonly #logHistory: number;
  readonly #snapshotSessions: number;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #onCp = (view: CpView) => this.#broadcast(frame('cp', view));
  readonly #onSession = (view: SessionView) => this.#broadcast(frame('session', view));
  readonly #onEvent = (line: CentralEventLine) => {
    this.#log.push(line);
    if (this.#log.length > this.#logHistory) this.#log.shift();
    this.#broadcast(frame('log', line));
  };

  constructor(operations: CentralOperations, options: SseHubOptions) {
    this.#operations = operations;
    this.#logger = options.logger;
    this.#logHistory = options.logHistory ?? 50;
    this.#snapshotSessions = options.snapshotSessions ?? 20;
    this.#heartbeat = setInterval(() => this.#broadcast(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
    operations.on('cp-updated', this.#onCp);
    operations.on('session-ended', this.#onSession);
    operations.on('event', this.#onEvent);
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Takes over the response: headers now, the snapshot as soon as the sessions are read. */
  async attach(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const client: Client = { res, pending: [] };
    this.#clients.add(client);
    const drop = () => this.#clients.delete(client);
    req.on('close', drop);
    res.on('close', drop);
    let sessions: SessionView[] = [];
    try {
      sessions = await this.#operations.sessionViews(this.#snapshotSessions);
    } catch (error) {
      this.#logger.warn({ err: error }, 'SSE snapshot without sessions');
    }
    if (!this.#clients.has(client)) return;
    const snapshot: SseSnapshot = { cps: this.#operations.cpViews(), sessions, log: [...this.#log] };
    const pending = client.pending ?? [];
    client.pending = undefined;
    this.#write(client, frame('snapshot', snapshot) + pending.join(''));
  }

  /** Ends every open stream so the HTTP server can close. */
  close(): void {
    clearInterval(this.#heartbeat);
    this.#operations.off('cp-updated', this.#onCp);
    this.#operations.off('session-ended', this.#onSession);
    this.#operations.off('event', this.#onEvent);
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
  }

  #broadcast(text: string): void {
    for (const client of this.#clients) {
      if (client.pending) client.pending.push(text);
      else this.#write(client, text);
    }
  }

  #write(client: Client, text: string): void {
    if (client.res.writableLength > MAX_BUFFERED_BYTES) {
      this.#logger.warn('SSE client too slow; dropping it');
      this.#clients.delete(client);
      client.res.destroy();
      return;
    }
    client.res.write(text);
  }
}

/** One SSE event; JSON text holds no raw newlines, so one `data:` line suffices. */
export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
