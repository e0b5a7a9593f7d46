import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { topics } from '../../../../protocol/index.ts';
import type {
  EmbeddedBroker} from '../../../../bus/index.ts';
import {
  BusRefusedError,
  MqttBus,
  SubscribeRefusedError,
  type Authenticate,
  type Bus,
} from '../../../../bus/index.ts';
import { connectAsync } from 'mqtt';
import { Inbox } from '../../../helpers/bus-contract.ts';
import { CENTRAL, startTestBroker } from '../../../helpers/brokers.ts';
import { closedOf, rawSocket } from '../../../helpers/raw-mqtt.ts';

/** What Central will inject: CP secrets from its store; drivers by id (no tokens yet). */
const authenticate: Authenticate = async (username, password) => {
  const cpSecrets: Record<string, string> = { CP1: 'secret-1', CP2: 'secret-2' };
  if (username in cpSecrets) return password === cpSecrets[username] ? { kind: 'cp', id: username } : null;
  if (username.startsWith('D')) return { kind: 'driver', id: username };
  return null;
};

describe('bus/broker/embedded-broker: who may do what (DESIGN §4.4–4.5)', function () {
  let broker: EmbeddedBroker;
  let open: Bus[] = [];

  async function login(username: string, password: string | undefined, clientId = username): Promise<MqttBus> {
    const bus = new MqttBus(broker.url, { clientId, username, ...(password !== undefined ? { password } : {}) });
    open.push(bus);
    await bus.connect();
    return bus;
  }

  const central = (): Promise<MqttBus> => login(CENTRAL.username, CENTRAL.password, `central-${open.length}`);

  before(async function () {
    broker = await startTestBroker({ authenticate });
  });

  afterEach(async function () {
    await Promise.all(open.map((bus) => bus.close()));
    open = [];
  });

  after(async function () {
    await broker.close();
  });

  it('lets a CP publish its events and receive its commands', async function () {
    const [cp, hub] = await Promise.all([login('CP1', 'secret-1'), central()]);
    const commands = new Inbox();
    const events = new Inbox();
    await cp.subscribe(topics.cpCommands('CP1'), commands.handler);
    await hub.subscribe('evc/cp/+/events', events.handler);
    await cp.publish(topics.cpEvents('CP1'), 'event');
    await hub.publish(topics.cpCommands('CP1'), 'command');
    assert.deepEqual((await events.waitFor(1)).map((m) => m.payload.toString()), ['event']);
    assert.deepEqual((await commands.waitFor(1)).map((m) => m.payload.toString()), ['command']);
  });

  it('refuses a CP that subscribes to another CP\'s commands', async function () {
    const cp = await login('CP1', 'secret-1');
    await assert.rejects(cp.subscribe(topics.cpCommands('CP2'), () => {}), SubscribeRefusedError);
    await assert.rejects(cp.subscribe('evc/cp/+/cmd', () => {}), /refused the subscription to "evc\/cp\/\+\/cmd"/);
    assert.equal(cp.connected, true, 'a refused subscription does not cost the connection');
  });

  it('drops a CP\'s publish into another CP\'s topics and disconnects it', async function () {
    const [intruder, hub] = await Promise.all([login('CP1', 'secret-1'), central()]);
    const victimEvents = new Inbox();
    await hub.subscribe(topics.cpEvents('CP2'), victimEvents.handler);
    const thrownOut = once(intruder, 'disconnect');
    void intruder.publish(topics.cpEvents('CP2'), 'forged').catch(() => {});
    await thrownOut;
    // The real CP2's next event is the first thing Central sees on that topic.
    const victim = await login('CP2', 'secret-2');
    await victim.publish(topics.cpEvents('CP2'), 'genuine');
    await victimEvents.waitFor(1);
    assert.deepEqual(victimEvents.texts(), ['genuine']);
  });

  it('refuses a driver that subscribes to another driver\'s events', async function () {
    const driver = await login('D1', undefined);
    await assert.rejects(driver.subscribe(topics.driverEvents('D2'), () => {}), SubscribeRefusedError);
    await assert.rejects(driver.subscribe('evc/drivers/+/events', () => {}), SubscribeRefusedError);
    const own = new Inbox();
    await driver.subscribe(topics.driverEvents('D1'), own.handler);
    const hub = await central();
    await hub.publish(topics.driverEvents('D1'), 'ticket');
    await own.waitFor(1);
  });

  it('refuses a wrong password, an unknown user and an anonymous client', async function () {
    await assert.rejects(login('CP1', 'wrong'), (error: unknown) => {
      assert.ok(error instanceof BusRefusedError);
      assert.match(error.message, /bad username or password/);
      return true;
    });
    await assert.rejects(login('nobody', 'x'), BusRefusedError);
    await assert.rejects(login(CENTRAL.username, 'not-the-password', 'central-x'), BusRefusedError);
    const anonymous = new MqttBus(broker.url, { clientId: 'anon' });
    open.push(anonymous);
    await assert.rejects(anonymous.connect(), BusRefusedError);
  });

  it('refuses a login that uses someone else\'s client id (their persistent session)', async function () {
    await assert.rejects(login('CP1', 'secret-1', 'CP2'), /client id rejected/);
    await assert.rejects(login('D1', undefined, 'CP1'), /client id rejected/);
    await login('CP1', 'secret-1', 'CP1.engine');
  });

  it("disconnectUser closes every connection of that user (a revoked driver) and no one else's", async function () {
    const clients = await Promise.all(
      [['D1', 'D1'], ['D1', 'D1.list'], ['D2', 'D2']].map(([username, clientId]) => connectAsync(broker.url, { username, clientId, reconnectPeriod: 0 })),
    );
    const [d1, d1List, d2] = clients;
    const cp = await login('CP1', 'secret-1');
    try {
      const closed = [d1!, d1List!].map((client) => new Promise<void>((resolve) => client.once('close', () => resolve())));
      assert.equal(broker.disconnectUser('driver', 'D1'), 2);
      await Promise.all(closed);
      assert.equal(d2!.connected, true);
      assert.equal(cp.connected, true);
      assert.equal(broker.disconnectUser('driver', 'D1'), 0, 'nothing left to close');
      assert.equal(broker.disconnectUser('cp', 'D2'), 0, 'a role is a kind and an id');
    } finally {
      await Promise.all(clients.map((client) => client.endAsync()));
    }
  });

  it('answers "server unavailable" when the injected authenticate fails', async function () {
    const failing = await startTestBroker({
      authenticate: async () => {
        throw new Error('store offline');
      },
    });
    try {
      const bus = new MqttBus(failing.url, { clientId: 'CP1', username: 'CP1', password: 'x' });
      open.push(bus);
      await assert.rejects(bus.connect(), /server unavailable/);
    } finally {
      await failing.close();
    }
  });
});

describe('bus/broker/embedded-broker: lifecycle', function () {
  it('listens on the given port and frees it on close', async function () {
    const first = await startTestBroker();
    const { port } = first;
    assert.ok(port > 0);
    assert.equal(first.url, `mqtt://127.0.0.1:${port}`);
    await first.close();
    const second = await startTestBroker({ port });
    assert.equal(second.port, port);
    await second.close();
  });

  it('fails with a clear error when the port is taken', async function () {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as net.AddressInfo;
    try {
      await assert.rejects(startTestBroker({ port }), new RegExp(`MQTT port ${port} on 127.0.0.1 is already in use`));
    } finally {
      holder.close();
    }
  });

  it('close() disconnects every client', async function () {
    const broker = await startTestBroker();
    const bus = new MqttBus(broker.url, { clientId: 'c1', ...CENTRAL });
    await bus.connect();
    assert.equal(broker.connectedClients, 1);
    const lost = once(bus, 'disconnect');
    await broker.close();
    await lost;
    await bus.close();
  });
});

describe('bus/broker/embedded-broker: retained online flags (DESIGN §4.4)', function () {
  let broker: EmbeddedBroker;
  const open: Bus[] = [];

  before(async function () {
    broker = await startTestBroker({ authenticate });
  });

  after(async function () {
    await Promise.all(open.map((bus) => bus.close()));
    await broker.close();
  });

  async function login(username: string, password: string, clientId = username): Promise<MqttBus> {
    const bus = new MqttBus(broker.url, { clientId, username, password });
    open.push(bus);
    await bus.connect();
    return bus;
  }

  it('a subscriber gets the retained flag of the topic it names, and every flag through a wildcard', async function () {
    const [cp1, cp2] = await Promise.all([login('CP1', 'secret-1'), login('CP2', 'secret-2')]);
    await cp1.publish(topics.cpOnline('CP1'), 'true', { retain: true });
    await cp2.publish(topics.cpOnline('CP2'), 'true', { retain: true });
    const hub = await login(CENTRAL.username, CENTRAL.password, 'central-retained');
    const one = new Inbox();
    await hub.subscribe(topics.cpOnline('CP2'), one.handler);
    const [flag] = await one.waitFor(1);
    assert.equal(flag!.topic, topics.cpOnline('CP2'));
    assert.equal(flag!.retained, true);
    const all = new Inbox();
    await hub.subscribe('evc/cp/+/online', all.handler);
    const flags = await all.waitFor(2);
    assert.deepEqual(flags.map((message) => message.topic).sort(), [topics.cpOnline('CP1'), topics.cpOnline('CP2')]);
  });
});

describe('bus/broker/embedded-broker: bounded connections before authentication, refusals counted (issue 9)', function () {
  let broker: EmbeddedBroker;
  const rejected: string[] = [];
  const driverLogin: Authenticate = async (username, password) => (password === 'pw' ? { kind: 'driver', id: username } : null);

  beforeEach(async function () {
    rejected.length = 0;
    broker = await startTestBroker({
      authenticate: driverLogin,
      maxPendingPerAddress: 3,
      maxConnections: 6,
      onRejected: (source, reason) => rejected.push(`${source}:${reason}`),
    });
  });

  afterEach(async function () {
    await broker.close();
  });

  it('limits connections from one address that have not logged in; a logged-in one no longer counts', async function () {
    // Two logins first (each freed its slot when its CONNACK came back), then three silent sockets fit and a fourth does not.
    const clients = [];
    for (const id of ['D1', 'D2']) clients.push(await connectAsync(broker.url, { clientId: id, username: id, password: 'pw', reconnectPeriod: 0 }));
    const idle = await Promise.all([1, 2, 3].map(() => rawSocket(broker.port)));
    const fourth = await rawSocket(broker.port);
    await closedOf(fourth);
    assert.deepEqual(rejected, ['mqtt:too-many-pending']);
    assert.ok(idle.every((socket) => !socket.destroyed));
    for (const socket of idle) socket.destroy();
    await Promise.all(clients.map((client) => client.endAsync(true)));
  });

  it('limits the total number of connections', async function () {
    const clients = await Promise.all(['D1', 'D2', 'D3', 'D4', 'D5', 'D6'].map((id) => connectAsync(broker.url, { clientId: id, username: id, password: 'pw', reconnectPeriod: 0 })));
    const seventh = await rawSocket(broker.port);
    await closedOf(seventh);
    assert.deepEqual(rejected, ['mqtt:too-many-connections']);
    await Promise.all(clients.map((client) => client.endAsync(true)));
  });

  it('counts refused logins', async function () {
    await assert.rejects(connectAsync(broker.url, { clientId: 'D9', username: 'D9', password: 'wrong', reconnectPeriod: 0 }));
    assert.deepEqual(rejected, ['mqtt:bad-credentials']);
  });
});
