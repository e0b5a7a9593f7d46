import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { CpView, SessionView } from '../../../../central/core/index.ts';
import { SseHub } from '../../../../central/http/sse.ts';
import { FakeOperations, aCpView } from '../../../helpers/fake-operations.ts';
import { anHttpFixture, SseReader } from './http-fixture.ts';

/** Sessions are read only when the test opens the gate, so events can arrive mid-snapshot. */
class SlowSessionsOperations extends FakeOperations {
  openGate!: () => void;
  readonly asked: Promise<void>;
  #gate = new Promise<void>((resolve) => (this.openGate = resolve));
  #markAsked!: () => void;

  constructor() {
    super({ cps: [aCpView({ id: 'CP1' })] });
    this.asked = new Promise<void>((resolve) => (this.#markAsked = resolve));
  }

  override async sessionViews(limit?: number): Promise<SessionView[]> {
    this.#markAsked();
    await this.#gate;
    return super.sessionViews(limit);
  }
}

describe('central/http SSE snapshot ordering', () => {
  it('sends events that arrive while the snapshot is built after it, never before', async () => {
    const operations = new SlowSessionsOperations();
    const fixture = await anHttpFixture({ operations });
    try {
      const stream = new SseReader((await fetch(fixture.url('/events'))).body!);
      assert.equal((await stream.next())?.event, 'retry');
      await operations.asked;
      operations.putCp(aCpView({ id: 'CP1', state: 'FAULTED' }));
      operations.openGate();
      const first = await stream.next();
      assert.equal(first?.event, 'snapshot');
      const next = await stream.next();
      assert.equal(next?.event, 'cp');
      assert.equal((JSON.parse(next!.data) as CpView).state, 'FAULTED');
    } finally {
      await fixture.close();
    }
  });
});

describe('central/http SseHub heartbeat', () => {
  let hub: SseHub;
  let server: Server;
  afterEach(async () => {
    hub.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a comment line on every heartbeat so idle proxies keep the stream', async () => {
    hub = new SseHub(new FakeOperations(), { logger: pino({ enabled: false }), heartbeatMs: 20 });
    server = createServer((req, res) => void hub.attach(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const stream = new SseReader(response.body!);
    await stream.nextOf('snapshot');
    assert.deepEqual(await stream.nextOf(':'), { event: ':', data: 'heartbeat' });
  });
});
