import assert from 'node:assert/strict';
import { BusClosedError, HandlerError, MalformedPayloadError, MqttBus, PayloadTooLargeError, subscribeMessages, type Authenticate, type Bus, type EmbeddedBroker } from '../../../../bus/index.ts';
import type { InProcessBus } from '../../../../bus/broker/in-process-bus.ts';
import { deviceEvent, encodeMessage, makeMessage, topics, type StateEvent } from '../../../../protocol/index.ts';
import { Inbox } from '../../../helpers/bus-contract.ts';
import { startTestBroker } from '../../../helpers/brokers.ts';

const authenticate: Authenticate = async (username, password) => {
  if (username.startsWith('CP')) return password === 'secret' ? { kind: 'cp', id: username } : null;
  return { kind: 'driver', id: username };
};

// Central's end of its embedded broker: no MQTT client, yet remote clients see what they saw before.
describe('bus/broker/in-process-bus: Central publishing and subscribing inside its embedded broker', function () {
  let broker: EmbeddedBroker;
  let central: InProcessBus;
  let open: Bus[] = [];

  async function remote(username: string, clientId = username): Promise<MqttBus> {
    const bus = new MqttBus(broker.url, { clientId, username, password: 'secret' });
    open.push(bus);
    await bus.connect();
    return bus;
  }

  beforeEach(async function () {
    broker = await startTestBroker({ authenticate });
    central = broker.localBus({ maxPayloadBytes: 1024 });
    await central.connect();
  });

  afterEach(async function () {
    await Promise.all(open.map((bus) => bus.close()));
    open = [];
    await central.close();
    await broker.close();
  });

  it('is an mqtt bus at the broker\'s URL, connected without a socket', async function () {
    assert.equal(central.kind, 'mqtt');
    assert.equal(central.url, broker.url);
    assert.equal(central.connected, true);
    assert.equal(broker.connectedClients, 0);
  });

  it('gets what remote clients publish, with the owner as key; a wildcard sees every owner', async function () {
    const inbox = new Inbox();
    await central.subscribe('evc/cp/+/events', inbox.handler);
    const [cp1, cp2] = await Promise.all([remote('CP1', 'CP1.engine'), remote('CP2', 'CP2.engine')]);
    await cp1.publish(topics.cpEvents('CP1'), 'one');
    await cp2.publish(topics.cpEvents('CP2'), 'two');
    const messages = await inbox.waitFor(2);
    assert.deepEqual(messages.map(({ topic, key, retained }) => [topic, key, retained]).sort(), [
      [topics.cpEvents('CP1'), 'CP1', false],
      [topics.cpEvents('CP2'), 'CP2', false],
    ]);
  });

  it('what it publishes reaches remote subscribers in order, at QoS 1', async function () {
    const cp = await remote('CP1', 'CP1.engine');
    const inbox = new Inbox();
    await cp.subscribe(topics.cpCommands('CP1'), inbox.handler);
    const sent = Array.from({ length: 100 }, (_, index) => String(index));
    await Promise.all(sent.map((text) => central.publish(topics.cpCommands('CP1'), text)));
    await inbox.waitFor(100);
    assert.deepEqual(inbox.texts(), sent);
  });

  it('a remote persistent session that was away gets what was published meanwhile', async function () {
    const first = await remote('D1');
    await first.subscribe(topics.driverEvents('D1'), () => undefined);
    await first.close();
    for (const text of ['m1', 'm2', 'm3']) await central.publish(topics.driverEvents('D1'), text);
    const inbox = new Inbox();
    const back = new MqttBus(broker.url, { clientId: 'D1', username: 'D1', password: 'secret' });
    open.push(back);
    await back.connect();
    await back.subscribe(topics.driverEvents('D1'), inbox.handler);
    await inbox.waitFor(3);
    assert.deepEqual(inbox.texts(), ['m1', 'm2', 'm3']);
  });

  it('a new subscription is handed what is retained under it, flagged retained; what it retains reaches later subscribers', async function () {
    const cp = await remote('CP1', 'CP1.engine');
    await cp.publish(topics.cpOnline('CP1'), 'true', { retain: true });
    await central.publish(topics.cpOnline('CP9'), 'false', { retain: true });
    const inbox = new Inbox();
    await central.subscribe('evc/cp/+/online', inbox.handler);
    const messages = await inbox.waitFor(2);
    assert.deepEqual(messages.map(({ topic, retained, payload }) => [topic, retained, payload.toString()]).sort(), [
      [topics.cpOnline('CP1'), true, 'true'],
      [topics.cpOnline('CP9'), true, 'false'],
    ]);
    const later = new Inbox();
    const watcher = await remote('CP9', 'CP9.engine');
    await watcher.subscribe(topics.cpCommands('CP9'), later.handler);
    await central.publish(topics.cpCommands('CP9'), 'hello');
    await later.waitFor(1);
  });

  it('overlapping patterns: each handler gets a message once; unsubscribe stops only that handler', async function () {
    const [wide, narrow] = [new Inbox(), new Inbox()];
    await central.subscribe('evc/#', wide.handler);
    const subscription = await central.subscribe(topics.cpEvents('CP1'), narrow.handler);
    const cp = await remote('CP1', 'CP1.engine');
    await cp.publish(topics.cpEvents('CP1'), 'first');
    await Promise.all([wide.waitFor(1), narrow.waitFor(1)]);
    await subscription.unsubscribe();
    await cp.publish(topics.cpEvents('CP1'), 'second');
    await wide.waitFor(2);
    assert.deepEqual(wide.texts(), ['first', 'second']);
    assert.deepEqual(narrow.texts(), ['first']);
  });

  it('a throwing handler and a malformed payload become error events; delivery goes on', async function () {
    const errors: Error[] = [];
    central.on('error', (error) => errors.push(error));
    const inbox = new Inbox();
    await central.subscribe(topics.cpTelemetry('CP1'), () => {
      throw new Error('handler bug');
    });
    await subscribeMessages(central, topics.cpEvents('CP1'), deviceEvent, inbox.handler as never);
    const cp = await remote('CP1', 'CP1.engine');
    await cp.publish(topics.cpTelemetry('CP1'), 'x');
    await cp.publish(topics.cpEvents('CP1'), 'not json');
    await cp.publish(topics.cpEvents('CP1'), encodeMessage(makeMessage<StateEvent>('state', { state: 'AVAILABLE' })));
    await inbox.waitFor(1);
    assert.ok(errors.some((error) => error instanceof HandlerError));
    assert.ok(errors.some((error) => error instanceof MalformedPayloadError));
  });

  it('refuses a payload over its limit, and everything once closed', async function () {
    await assert.rejects(central.publish(topics.cpCommands('CP1'), Buffer.alloc(2048)), PayloadTooLargeError);
    const closed = broker.localBus();
    await closed.connect();
    await closed.close();
    await assert.rejects(closed.publish(topics.cpCommands('CP1'), 'late'), BusClosedError);
    await assert.rejects(closed.subscribe('evc/#', () => undefined), BusClosedError);
    await assert.rejects(closed.connect(), BusClosedError);
  });

  it('close() stops delivery to its handlers', async function () {
    const inbox = new Inbox();
    await central.subscribe(topics.cpEvents('CP1'), inbox.handler);
    const cp = await remote('CP1', 'CP1.engine');
    await central.close();
    const probe = new Inbox();
    const other = broker.localBus();
    await other.connect();
    await other.subscribe(topics.cpEvents('CP1'), probe.handler);
    await cp.publish(topics.cpEvents('CP1'), 'after close');
    await probe.waitFor(1);
    await other.close();
    assert.equal(inbox.messages.length, 0);
  });
});
