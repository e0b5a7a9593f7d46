import http from 'node:http';

export interface CpViewLike {
  id: string;
  state: string;
  kWh?: number;
  sessionId?: string;
}

export interface CentralViewOptions {
  /** Central's dashboard URL, e.g. `http://127.0.0.1:8080`. */
  httpUrl: string;
  /** Only these CPs are followed. */
  isOurs: (cpId: string) => boolean;
  /** Every `cp` view of one of ours, as it arrives. */
  onCp: (view: CpViewLike) => void;
}

/**
 * Central's side of the picture, read from its SSE stream (`GET /events`, DESIGN §6): the
 * state Central shows for each of our CPs, and each live figure as it reaches the stream.
 */
export class CentralView {
  readonly #options: CentralViewOptions;
  readonly #states = new Map<string, string>();
  #request: http.ClientRequest | undefined;
  #ready: Promise<void> | undefined;
  #closed = false;

  constructor(options: CentralViewOptions) {
    this.#options = options;
  }

  /** Resolves once the snapshot arrived. */
  start(): Promise<void> {
    this.#ready ??= new Promise<void>((resolve, reject) => {
      const request = http.get(`${this.#options.httpUrl.replace(/\/$/, '')}/events`, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return reject(new Error(`${this.#options.httpUrl}/events answered ${response.statusCode}; is it Central's dashboard URL?`));
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (this.#onBlock(block) === 'snapshot') resolve();
          }
        });
        response.on('error', () => undefined);
      });
      request.on('error', (error) => {
        if (!this.#closed) reject(new Error(`cannot read ${this.#options.httpUrl}/events (${error.message}); check --http`));
      });
      this.#request = request;
    });
    return this.#ready;
  }

  /** Our CPs Central shows in `state`. */
  count(state: string): number {
    let n = 0;
    for (const value of this.#states.values()) if (value === state) n++;
    return n;
  }

  close(): void {
    this.#closed = true;
    this.#request?.destroy();
  }

  #onBlock(block: string): string | undefined {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data === '') return undefined;
    if (event === 'snapshot') {
      for (const view of (JSON.parse(data) as { cps: CpViewLike[] }).cps) this.#onView(view);
    } else if (event === 'cp') {
      this.#onView(JSON.parse(data) as CpViewLike);
    }
    return event;
  }

  #onView(view: CpViewLike): void {
    if (!this.#options.isOurs(view.id)) return;
    this.#states.set(view.id, view.state);
    this.#options.onCp(view);
  }
}
