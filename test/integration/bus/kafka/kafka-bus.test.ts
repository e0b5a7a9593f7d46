import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { topics } from '../../../../protocol/index.ts';
import { BusUnreachableError, KafkaBus, UnmappablePatternError, type Bus } from '../../../../bus/index.ts';
import { Inbox } from '../../../helpers/bus-contract.ts';
import { closedPort } from '../../../helpers/brokers.ts';
import { kafkaForTests } from '../../../helpers/kafka.ts';

describe('bus/kafka/kafka-bus: connecting', function () {
  it('rejects with a clear error when no broker answers', async function () {
    const url = `kafka://127.0.0.1:${await closedPort()}`;
    const bus = new KafkaBus(url, { clientId: 'nobody-home' });
    await assert.rejects(bus.connect(), (error: unknown) => {
      assert.ok(error instanceof BusUnreachableError);
      assert.match(error.message, new RegExp(`cannot reach the broker at ${url} \\(.*ECONNREFUSED`));
      return true;
    });
    await bus.close();
  });

  it('names its consumer group evc-<clientId> unless told otherwise', function () {
    assert.equal(new KafkaBus('kafka://127.0.0.1:9092', { clientId: 'central' }).groupId, 'evc-central');
    assert.equal(new KafkaBus('kafka://127.0.0.1:9092', { clientId: 'x', groupId: 'drivers-D1' }).groupId, 'drivers-D1');
  });
});

describe('bus/kafka/kafka-bus on Apache Kafka (DESIGN §4.5)', function () {
  const run = randomBytes(3).toString('hex');
  let sequence = 0;
  const newId = (): string => `k${run}n${++sequence}`;
  let url: string;
  let open: Bus[] = [];

  async function connected(clientId = newId()): Promise<Bus> {
    const bus = new KafkaBus(url, { clientId, groupId: `evc-test-${clientId}` });
    open.push(bus);
    await bus.connect();
    return bus;
  }

  before(async function () {
    url = await kafkaForTests(this);
  });

  afterEach(async function () {
    await Promise.all(open.map((bus) => bus.close()));
    open = [];
  });

  it('a brand-new group starts where it subscribed: no replay of history', async function () {
    const driverId = newId();
    const publisher = await connected();
    await publisher.publish(topics.driverEvents(driverId), 'old');
    const newcomer = await connected();
    const inbox = new Inbox();
    await newcomer.subscribe(topics.driverEvents(driverId), inbox.handler);
    await publisher.publish(topics.driverEvents(driverId), 'new');
    await inbox.waitFor(1);
    assert.deepEqual(inbox.texts(), ['new']);
  });

  it('subscribes to another Kafka topic while the first keeps delivering', async function () {
    const [cpId, driverId] = [newId(), newId()];
    const [subscriber, publisher] = await Promise.all([connected(), connected()]);
    const events = new Inbox();
    const requests = new Inbox();
    await subscriber.subscribe(topics.cpEvents(cpId), events.handler);
    await publisher.publish(topics.cpEvents(cpId), 'e1');
    await events.waitFor(1);
    await subscriber.subscribe(topics.driverRequests(driverId), requests.handler);
    await publisher.publish(topics.driverRequests(driverId), 'r1');
    await publisher.publish(topics.cpEvents(cpId), 'e2');
    await Promise.all([requests.waitFor(1), events.waitFor(2)]);
    assert.deepEqual(events.texts(), ['e1', 'e2']);
    assert.deepEqual(requests.texts(), ['r1']);
  });

  it('a multi-level wildcard reads every Kafka topic it spans, with MQTT-style names', async function () {
    const cpId = newId();
    const [subscriber, publisher] = await Promise.all([connected(), connected()]);
    const inbox = new Inbox();
    await subscriber.subscribe(`evc/cp/${cpId}/#`, inbox.handler);
    await publisher.publish(topics.cpEvents(cpId), 'event');
    await publisher.publish(topics.cpTelemetry(cpId), 'reading');
    await publisher.publish(topics.cpEvents(newId()), 'someone else');
    const received = await inbox.waitFor(2);
    assert.deepEqual(
      received.map((message) => [message.topic, message.key, message.payload.toString()]).sort(),
      [
        [topics.cpEvents(cpId), cpId, 'event'],
        [topics.cpTelemetry(cpId), cpId, 'reading'],
      ],
    );
  });

  it('carries a topic outside evc/ with the key it was given', async function () {
    const topic = `lab/${newId()}/status`;
    const [subscriber, publisher] = await Promise.all([connected(), connected()]);
    const inbox = new Inbox();
    await subscriber.subscribe(topic, inbox.handler);
    await publisher.publish(topic, 'ok', { key: 'bench-3' });
    const [message] = await inbox.waitFor(1);
    assert.equal(message!.topic, topic);
    assert.equal(message!.key, 'bench-3');
  });

  it('refuses a wildcard it cannot map to Kafka topics', async function () {
    const bus = await connected();
    await assert.rejects(bus.subscribe('lab/+/status', () => {}), UnmappablePatternError);
  });
});
