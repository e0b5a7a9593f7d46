// BrokerWatch against a plain TCP listener standing in for a broker: only reachability matters to it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { BrokerWatch } from '../../../../bus/kafka/broker-watch.ts';

/** A listener on a fixed port that can be stopped (dropping every socket) and started again. */
class FakeBroker {
  readonly sockets = new Set<net.Socket>();
  #server: net.Server | undefined;
  port = 0;
  #connected: Array<() => void> = [];

  async start(): Promise<void> {
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      for (const resolve of this.#connected.splice(0)) resolve();
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  /** Resolves at the next connection. */
  nextConnection(): Promise<void> {
    return new Promise((resolve) => this.#connected.push(resolve));
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  }
}

describe('bus/kafka/broker-watch', function () {
  let broker: FakeBroker;
  let watch: BrokerWatch | undefined;
  let events: string[];
  let notify: () => void;
  const next = () => new Promise<void>((resolve) => (notify = resolve));

  beforeEach(async function () {
    broker = new FakeBroker();
    await broker.start();
    events = [];
    notify = () => undefined;
  });
  afterEach(async function () {
    watch?.stop();
    await broker.stop();
  });

  function startWatch(brokers = [`127.0.0.1:${broker.port}`]): void {
    watch = new BrokerWatch({
      brokers,
      retryMs: 20,
      onLost: (reason) => {
        events.push(`lost: ${reason}`);
        notify();
      },
      onBack: () => {
        events.push('back');
        notify();
      },
    });
    watch.start();
  }

  it('reconnects at once when an answering broker closes the link (an idle close is no loss)', async function () {
    const first = broker.nextConnection();
    startWatch();
    await first;
    const second = broker.nextConnection();
    for (const socket of broker.sockets) socket.destroy();
    await second;
    assert.deepEqual(events, []);
  });

  it('tells a loss once when the broker stops answering, and its return', async function () {
    const connected = broker.nextConnection();
    startWatch();
    await connected;
    let happened = next();
    await broker.stop();
    await happened;
    assert.deepEqual(events, [`lost: broker 127.0.0.1:${broker.port} does not answer`]);
    happened = next();
    await broker.start();
    await happened;
    assert.deepEqual(events.slice(1), ['back']);
  });

  it('tries the next broker of the list after a failed connect', async function () {
    const stopped = new FakeBroker();
    await stopped.start();
    const deadPort = stopped.port;
    await stopped.stop();
    const lost = next();
    const reached = broker.nextConnection();
    startWatch([`127.0.0.1:${deadPort}`, `127.0.0.1:${broker.port}`]);
    await lost;
    const back = next();
    await reached;
    await back;
    assert.deepEqual(events, [`lost: broker 127.0.0.1:${deadPort} does not answer`, 'back']);
  });

  it('stops without telling anything', async function () {
    const connected = broker.nextConnection();
    startWatch();
    await connected;
    watch!.stop();
    await broker.stop();
    assert.deepEqual(events, []);
  });
});
