import { type Logger } from '../../base/logger.ts';
import { FramedServer, type FramedLink } from '../../bus/tcp/index.ts';
import { engineLink, makeMessage, type Bye, type EngineLinkMessage, type EngineState, type Health, type Pong } from '../../protocol/index.ts';

export interface EngineStatus {
  health: 'ok' | 'ko';
  state: EngineState;
  sessionId?: string;
}

export interface HealthServerOptions {
  cpId: string;
  /** Default 127.0.0.1 (DESIGN §4.3: a local socket). */
  host?: string;
  /** Default 7100; 0 picks a free port. */
  port?: number;
  /** Read on every ping: the Engine's state right now. */
  status: () => EngineStatus;
  logger: Logger;
}

type Link = FramedLink<typeof engineLink>;

/**
 * The Engine's local socket (DESIGN §4.3): answers `ping {seq}` with `pong`, and pushes
 * `health` to every connected Monitor the moment the KO button changes. Bad input is the
 * link's business (NACK, or drop on an oversize frame); it never reaches the Engine.
 */
export class HealthServer {
  readonly #options: HealthServerOptions;
  readonly #server: FramedServer<typeof engineLink>;
  #deviceBus: string | undefined;
  readonly #deviceBusWaiters: Array<(url: string) => void> = [];

  constructor(options: HealthServerOptions) {
    this.#options = options;
    this.#server = new FramedServer({ inbound: engineLink, host: options.host ?? '127.0.0.1', port: options.port ?? 7100, logger: options.logger });
    this.#server.on('link', (link) => this.#serve(link));
    this.#server.on('error', (error) => options.logger.error({ err: error }, 'health server socket failed'));
  }

  async listen(): Promise<{ host: string; port: number }> {
    return this.#server.listen();
  }

  get port(): number {
    return this.#server.port;
  }

  /** Monitors connected right now. */
  get linkCount(): number {
    return this.#server.links.size;
  }

  /** DESIGN §4.3: pushed at once, not at the next ping. */
  pushHealth(engine: 'ok' | 'ko'): void {
    const message = makeMessage<Health>('health', { cpId: this.#options.cpId, engine });
    for (const link of this.#server.links) this.#send(link, message);
  }

  /** The device bus the Monitor passes on from Central's welcome (in its pings), once it does (issue 12). */
  deviceBus(): Promise<string> {
    if (this.#deviceBus !== undefined) return Promise.resolve(this.#deviceBus);
    return new Promise((resolve) => this.#deviceBusWaiters.push(resolve));
  }

  /** Says goodbye to every Monitor (a clean stop is no fault, DESIGN §4.2), then closes the socket. */
  async close(): Promise<void> {
    const bye = makeMessage<Bye>('bye', { cpId: this.#options.cpId, reason: 'engine stopping' });
    await Promise.all([...this.#server.links].map((link) => withTimeout(link.send(bye), 500).catch(() => undefined)));
    await this.#server.close();
  }

  #serve(link: Link): void {
    link.on('message', (message) => this.#onMessage(link, message));
    link.on('invalid', (reason) => this.#options.logger.warn({ peer: link.remoteAddress, reason }, 'bad frame on the health socket'));
  }

  #onMessage(link: Link, message: EngineLinkMessage): void {
    if (message.type !== 'ping') {
      this.#options.logger.debug({ peer: link.remoteAddress, type: message.type }, 'ignored a message the Engine does not take');
      return;
    }
    if (message.deviceBus !== undefined && this.#deviceBus === undefined) {
      this.#deviceBus = message.deviceBus;
      for (const resolve of this.#deviceBusWaiters.splice(0)) resolve(message.deviceBus);
    }
    const { health, state, sessionId } = this.#options.status();
    const fields = { re: message.id, seq: message.seq, health, state, ...(sessionId ? { sessionId } : {}) };
    this.#send(link, makeMessage<Pong>('pong', fields));
  }

  #send(link: Link, message: Health | Pong): void {
    link.send(message).catch((error: Error) => {
      this.#options.logger.debug({ peer: link.remoteAddress, err: error.message }, `${message.type} not delivered`);
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
