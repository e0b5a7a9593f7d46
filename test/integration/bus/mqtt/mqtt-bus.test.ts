import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { topics } from '../../../../protocol/index.ts';
import {
  BusClosedError,
  BusNotConnectedError,
  BusUnreachableError,
  MqttBus,
  type EmbeddedBroker,
  type MqttBusOptions,
} from '../../../../bus/index.ts';
import { Inbox } from '../../../helpers/bus-contract.ts';
import {
  CENTRAL,
  MOSQUITTO_URL,
  TcpProxy,
  clearSessions,
  closedPort,
  requireMosquitto,
  startTestBroker,
} from '../../../helpers/brokers.ts';

describe('bus/mqtt/mqtt-bus: connecting', function () {
  it('rejects with a clear error when nothing listens', async function () {
    const url = `mqtt://127.0.0.1:${await closedPort()}`;
    const bus = new MqttBus(url, { clientId: 'nobody-home', connectTimeoutMs: 800 });
    await assert.rejects(bus.connect(), (error: unknown) => {
      assert.ok(error instanceof BusUnreachableError);
      assert.match(error.message, new RegExp(`cannot reach the broker at ${url} \\(connect ECONNREFUSED`));
      assert.match(error.message, /is it running and reachable\?/);
      return true;
    });
    await bus.close();
  });

  it('rejects within connectTimeoutMs when the port accepts but never speaks MQTT', async function () {
    const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const sockets: net.Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    try {
      const url = `mqtt://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const bus = new MqttBus(url, { clientId: 'silent', connectTimeoutMs: 500 });
      await assert.rejects(bus.connect(), /cannot reach the broker at mqtt:.*\b500 ms\)/);
      await bus.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('refuses publish and subscribe before connect() and after close()', async function () {
    const broker = await startTestBroker();
    try {
      const bus = new MqttBus(broker.url, { clientId: 'early', ...CENTRAL });
      await assert.rejects(bus.publish('a/b', 'x'), BusNotConnectedError);
      await assert.rejects(bus.subscribe('a/b', () => {}), /call connect\(\) first/);
      await bus.connect();
      await bus.close();
      await bus.close();
      await assert.rejects(bus.publish('a/b', 'x'), BusClosedError);
      await assert.rejects(bus.connect(), BusClosedError);
    } finally {
      await broker.close();
    }
  });
});

type Target = { name: string; start(ctx: Mocha.Context): Promise<{ url: string; auth: Partial<MqttBusOptions>; stop(): Promise<void> }> };

const targets: Target[] = [
  {
    name: 'embedded aedes',
    async start() {
      const broker: EmbeddedBroker = await startTestBroker();
      return { url: broker.url, auth: CENTRAL, stop: () => broker.close() };
    },
  },
  {
    name: 'Mosquitto',
    async start(ctx) {
      await requireMosquitto(ctx);
      return { url: MOSQUITTO_URL, auth: {}, stop: async () => {} };
    },
  },
];

for (const target of targets) {
  describe(`bus/mqtt/mqtt-bus on ${target.name}: retain, last will, reconnect (DESIGN §4.4)`, function () {
    const run = randomBytes(3).toString('hex');
    let sequence = 0;
    const newId = (): string => `m${run}n${++sequence}`;
    let broker: Awaited<ReturnType<Target['start']>>;
    let proxy: TcpProxy;
    let open: MqttBus[] = [];
    const clientIds = new Set<string>();
    const retainedTopics = new Set<string>();

    async function connected(url: string, options: Partial<MqttBusOptions> = {}): Promise<MqttBus> {
      const clientId = options.clientId ?? newId();
      clientIds.add(clientId);
      const bus = new MqttBus(url, { ...broker.auth, ...options, clientId });
      open.push(bus);
      await bus.connect();
      return bus;
    }

    before(async function () {
      broker = await target.start(this);
      const { hostname, port } = new URL(broker.url);
      proxy = await TcpProxy.start({ host: hostname, port: Number(port) });
    });

    afterEach(async function () {
      await Promise.all(open.map((bus) => bus.close()));
      open = [];
    });

    after(async function () {
      if (!broker) return;
      // Leave a shared broker as it was: no retained flags, no sessions.
      const cleaner = await connected(broker.url);
      for (const topic of retainedTopics) await cleaner.publish(topic, '', { retain: true });
      await cleaner.close();
      await clearSessions(broker.url, clientIds);
      await proxy.close();
      await broker.stop();
    });

    it('a retained online flag reaches a subscriber that comes later, marked retained', async function () {
      const cpId = newId();
      retainedTopics.add(topics.cpOnline(cpId));
      const cp = await connected(broker.url);
      await cp.publish(topics.cpOnline(cpId), 'true', { retain: true });
      const watcher = await connected(broker.url);
      const inbox = new Inbox();
      await watcher.subscribe(topics.cpOnline(cpId), inbox.handler);
      const [message] = await inbox.waitFor(1);
      assert.equal(message!.payload.toString(), 'true');
      assert.equal(message!.retained, true);
    });

    it('publishes the last will when the link dies without a goodbye', async function () {
      const cpId = newId();
      const online = topics.cpOnline(cpId);
      retainedTopics.add(online);
      const cp = await connected(proxy.url, { will: { topic: online, payload: 'false', retain: true } });
      await cp.publish(online, 'true', { retain: true });
      const watcher = await connected(broker.url);
      const inbox = new Inbox();
      await watcher.subscribe(online, inbox.handler);
      await inbox.waitFor(1);
      proxy.cut();
      await inbox.waitFor(2);
      assert.deepEqual(inbox.texts(), ['true', 'false']);
    });

    it('a clean close() sends no will', async function () {
      const cpId = newId();
      const online = topics.cpOnline(cpId);
      retainedTopics.add(online);
      const watcher = await connected(broker.url);
      const inbox = new Inbox();
      await watcher.subscribe(online, inbox.handler);
      const cp = await connected(broker.url, { will: { topic: online, payload: 'false', retain: true } });
      await cp.close();
      await watcher.publish(online, 'marker');
      await inbox.waitFor(1);
      assert.deepEqual(inbox.texts(), ['marker']);
    });

    it('reconnects on its own and gets a command sent while its link was down', async function () {
      const cpId = newId();
      const cp = await connected(proxy.url);
      const commands = new Inbox();
      await cp.subscribe(topics.cpCommands(cpId), commands.handler);
      const hub = await connected(broker.url);
      const lost = once(cp, 'disconnect');
      proxy.cut();
      await lost;
      const back = once(cp, 'connect');
      await hub.publish(topics.cpCommands(cpId), 'stop');
      await back;
      await commands.waitFor(1);
      assert.deepEqual(commands.texts(), ['stop']);
    });

    it('survives a throwing handler with no error listener', async function () {
      const cpId = newId();
      const bus = await connected(broker.url);
      const inbox = new Inbox();
      await bus.subscribe(topics.cpEvents(cpId), (message) => {
        inbox.handler(message);
        throw new Error('nobody listens for this');
      });
      await bus.publish(topics.cpEvents(cpId), 'one');
      await bus.publish(topics.cpEvents(cpId), 'two');
      await inbox.waitFor(2);
      assert.equal(bus.connected, true);
    });
  });
}
