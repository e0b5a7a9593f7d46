import { MqttBus } from '../../../../bus/index.ts';
import { connectFramedLink, type FramedLink } from '../../../../bus/tcp/index.ts';
import { centralToMonitor, makeMessage, topics, type CentralToMonitor, type Health, type Hello } from '../../../../protocol/index.ts';

export type HelloFields = Omit<Hello, 'type' | 'id' | 'ts'>;

/** Plays a CP's Monitor over a real framed TCP link (DESIGN §4.1–4.2). */
export class TestMonitor {
  readonly link: FramedLink<typeof centralToMonitor>;
  #cpId: string | undefined;
  #engine: Health['engine'] = 'ok';
  #heartbeat: NodeJS.Timeout | undefined;

  private constructor(link: FramedLink<typeof centralToMonitor>) {
    this.link = link;
  }

  static async connect(port: number): Promise<TestMonitor> {
    return new TestMonitor(await connectFramedLink({ host: '127.0.0.1', port, inbound: centralToMonitor }));
  }

  /**
   * Says hello; on a welcome, starts the heartbeat (health every `heartbeatMs`). A CP is AVAILABLE only with
   * its Engine on Central's device bus (issue 12), so unless `engineOnline` is false the CP's online flag is
   * also published, retained, on the bus the welcome names, as its Engine would.
   */
  async hello(fields: HelloFields, options: { engineOnline?: boolean } = {}): Promise<CentralToMonitor> {
    const reply = await this.link.request(makeMessage<Hello>('hello', fields));
    if (reply.type === 'welcome') {
      this.#cpId = fields.cpId;
      await this.#sendHealth();
      this.#heartbeat = setInterval(() => void this.#sendHealth(), reply.heartbeatMs);
      if (reply.deviceBus?.startsWith('mqtt') && options.engineOnline !== false) await announceEngine(reply.deviceBus, fields.cpId, fields.secret);
    }
    return reply;
  }

  /** Reports a new engine verdict at once (DESIGN §4.3: a KO reaches Central in milliseconds). */
  async engine(verdict: Health['engine']): Promise<void> {
    this.#engine = verdict;
    await this.#sendHealth();
  }

  /** Stops heartbeats without closing (Central should notice within 3 heartbeats). */
  silence(): void {
    clearInterval(this.#heartbeat);
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    await this.link.close();
  }

  async #sendHealth(): Promise<void> {
    if (this.#cpId === undefined || this.link.closed) return;
    await this.link.send(makeMessage<Health>('health', { cpId: this.#cpId, engine: this.#engine })).catch(() => undefined);
  }
}

/** The Engine's retained `online` flag (DESIGN §4.4), published under the CP's login and left on the broker. */
async function announceEngine(url: string, cpId: string, secret: string): Promise<void> {
  const bus = new MqttBus(url, { clientId: `${cpId}.presence`, username: cpId, password: secret });
  await bus.connect();
  try {
    await bus.publish(topics.cpOnline(cpId), 'true', { retain: true });
  } finally {
    await bus.close();
  }
}
