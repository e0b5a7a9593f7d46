import { EventEmitter, once } from 'node:events';
import { FramedServer, type FramedLink } from '../../../../bus/tcp/index.ts';
import {
  engineLink,
  makeMessage,
  monitorToCentral,
  type Health,
  type Hello,
  type Ping,
  type Pong,
  type Reject,
  type RejectCode,
  type Welcome,
} from '../../../../protocol/index.ts';

export interface FakeCentralEvents {
  hello: [hello: Hello];
  health: [health: Health];
}

/** A raw FramedServer standing in for Central (DESIGN §4.2): records what the Monitor says. */
export class FakeCentral extends EventEmitter<FakeCentralEvents> {
  readonly server: FramedServer<typeof monitorToCentral>;
  readonly hellos: Hello[] = [];
  readonly healths: Health[] = [];
  heartbeatMs = 100;
  /** Codes to answer the next hellos with, in order; then welcome. */
  rejections: RejectCode[] = [];

  constructor(port = 0) {
    super();
    this.server = new FramedServer({ inbound: monitorToCentral, port });
    this.server.on('link', (link) => this.#serve(link));
  }

  static async start(port = 0): Promise<FakeCentral> {
    const central = new FakeCentral(port);
    await central.server.listen();
    return central;
  }

  get port(): number {
    return this.server.port;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  #serve(link: FramedLink<typeof monitorToCentral>): void {
    link.on('message', (message) => {
      if (message.type === 'hello') {
        this.hellos.push(message);
        this.emit('hello', message);
        const code = this.rejections.shift();
        const reply = code
          ? makeMessage<Reject>('reject', { re: message.id, code, message: `fake Central says ${code}` })
          : makeMessage<Welcome>('welcome', { re: message.id, cpId: message.cpId, heartbeatMs: this.heartbeatMs });
        void link.send(reply).catch(() => {});
      } else if (message.type === 'health') {
        this.healths.push(message);
        this.emit('health', message);
      }
    });
  }
}

/** A FramedServer standing in for the Engine's local socket (DESIGN §4.3). */
export class FakeEngine extends EventEmitter<{ ping: [ping: Ping] }> {
  readonly server: FramedServer<typeof engineLink>;
  readonly pings: Ping[] = [];
  health: 'ok' | 'ko' = 'ok';
  /** When false, pings are ACKed but never answered. */
  answering = true;

  constructor(port = 0) {
    super();
    this.server = new FramedServer({ inbound: engineLink, port });
    this.server.on('link', (link) =>
      link.on('message', (message) => {
        if (message.type !== 'ping') return;
        this.pings.push(message);
        this.emit('ping', message);
        if (!this.answering) return;
        void link.send(makeMessage<Pong>('pong', { re: message.id, seq: message.seq, health: this.health, state: this.health === 'ok' ? 'AVAILABLE' : 'FAULTED' })).catch(() => {});
      }),
    );
  }

  static async start(port = 0): Promise<FakeEngine> {
    const engine = new FakeEngine(port);
    await engine.server.listen();
    return engine;
  }

  get port(): number {
    return this.server.port;
  }

  /** DESIGN §4.3: the KO button changed; tell every Monitor now. */
  async push(health: 'ok' | 'ko'): Promise<void> {
    this.health = health;
    await Promise.all([...this.server.links].map((link) => link.send(makeMessage<Health>('health', { cpId: 'CP1', engine: health }))));
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Resolves with the first `event` payload that satisfies `test` (the mocha timeout is the deadline). */
export async function nextMatching<T>(emitter: EventEmitter, event: string, test: (value: T) => boolean): Promise<T> {
  for (;;) {
    const [value] = (await once(emitter, event)) as [T];
    if (test(value)) return value;
  }
}
