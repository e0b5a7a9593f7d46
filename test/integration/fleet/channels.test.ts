import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BusRefusedError, createBus, MqttBus, type Authenticate, type Bus, type BusMessage, type EmbeddedBroker } from '../../../bus/index.ts';
import { channelsFor, type Channels } from '../../../fleet/channels.ts';
import { topics } from '../../../protocol/index.ts';
import { CENTRAL, startTestBroker } from '../../helpers/brokers.ts';
import { kafkaForTests, saslKafkaForTests } from '../../helpers/kafka.ts';

/** Resolves with the next message handed to `onMessage`. */
function inbox(): { onMessage: (message: BusMessage) => void; next: () => Promise<BusMessage> } {
  const queued: BusMessage[] = [];
  let waiting: ((message: BusMessage) => void) | undefined;
  return {
    onMessage: (message) => {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(message);
      } else queued.push(message);
    },
    next: () => (queued.length > 0 ? Promise.resolve(queued.shift()!) : new Promise((resolve) => (waiting = resolve))),
  };
}

describe('fleet/channels on MQTT: each party its own client and login', function () {
  const logins: string[] = [];
  const authenticate: Authenticate = async (username, password, clientId) => {
    logins.push(`${username} ${clientId}`);
    if (username === 'CP1') return password === 'cp-secret' ? { kind: 'cp', id: 'CP1' } : null;
    return { kind: 'driver', id: username };
  };
  let broker: EmbeddedBroker;
  let central: Bus;
  let channels: Channels[] = [];

  before(async function () {
    broker = await startTestBroker({ authenticate });
    central = new MqttBus(broker.url, { clientId: 'central-test', ...CENTRAL });
    await central.connect();
  });
  after(async function () {
    await central.close();
    await broker.close();
  });
  afterEach(async function () {
    await Promise.all(channels.map((channel) => channel.close()));
    channels = [];
    logins.length = 0;
  });

  const open = (party: 'cp' | 'driver'): Channels => {
    const channel = channelsFor(party, broker.url, 'fleet-test');
    channels.push(channel);
    return channel;
  };

  it('a CP logs in as its Engine with its secret, gets its commands and publishes its events', async function () {
    const commands = inbox();
    const cp = await open('cp').attach({ id: 'CP1', secret: 'cp-secret', onMessage: commands.onMessage, onDrop: () => undefined });
    assert.equal(cp.connected, true);
    assert.deepEqual(logins, ['CP1 CP1.engine']);
    await central.publish(topics.cpCommands('CP1'), '{"type":"test"}');
    const command = await commands.next();
    assert.deepEqual([command.topic, command.payload.toString()], [topics.cpCommands('CP1'), '{"type":"test"}']);
    const events = inbox();
    await central.subscribe(topics.cpEvents('CP1'), events.onMessage);
    await cp.publish(topics.cpEvents('CP1'), '{"type":"state"}');
    assert.equal((await events.next()).payload.toString(), '{"type":"state"}');
  });

  it('a refused login fails the attach', async function () {
    await assert.rejects(open('cp').attach({ id: 'CP1', secret: 'wrong', onMessage: () => undefined, onDrop: () => undefined }));
  });

  it('a driver logs in by its id and gets its own events; closing the channels closes its clients', async function () {
    const events = inbox();
    const channel = open('driver');
    const driver = await channel.attach({ id: 'D1', secret: 'token', onMessage: events.onMessage, onDrop: () => undefined });
    assert.deepEqual(logins, ['D1 D1']);
    await central.publish(topics.driverEvents('D1'), '{"type":"ticket"}');
    assert.equal((await events.next()).topic, topics.driverEvents('D1'));
    await channel.close();
    assert.equal(driver.connected, false);
  });
});

describe('fleet/channels on Kafka: one shared client per kind of party', function () {
  let url: string;
  let central: Bus;
  let channels: Channels;
  const run = randomBytes(3).toString('hex');
  before(async function () {
    url = await kafkaForTests(this);
    central = createBus(url, { clientId: `fleet-channels-central-${run}` });
    await central.connect();
  });
  after(async function () {
    await channels?.close();
    await central?.close();
  });

  it("routes each command to the CP it is keyed for", async function () {
    channels = channelsFor('cp', url, `fleet-channels-${run}`);
    const [one, two] = [inbox(), inbox()];
    const cpOne = `K${run}A`;
    const cpTwo = `K${run}B`;
    const endpoint = await channels.attach({ id: cpOne, secret: '', onMessage: one.onMessage, onDrop: () => undefined });
    await channels.attach({ id: cpTwo, secret: '', onMessage: two.onMessage, onDrop: () => undefined });
    assert.equal(endpoint.connected, true);
    await central.publish(topics.cpCommands(cpTwo), '{"to":"two"}');
    await central.publish(topics.cpCommands(cpOne), '{"to":"one"}');
    assert.equal((await one.next()).payload.toString(), '{"to":"one"}');
    assert.equal((await two.next()).payload.toString(), '{"to":"two"}');
  });
});

describe('fleet/channels on a Kafka with SASL logins (evc fleet --kafka-user, --bus-ca)', function () {
  it('logs in with the account it is given, over SASL and over SASL_SSL with the CA', async function () {
    const kafka = await saslKafkaForTests(this);
    const run = randomBytes(3).toString('hex');
    for (const [url, security] of [
      [kafka.url, { kafkaLogin: kafka.logins.driver }],
      [kafka.tlsUrl, { kafkaLogin: kafka.logins.driver, tls: { ca: await readFile(kafka.caFile, 'utf8') } }],
    ] as const) {
      const central = createBus(url, { clientId: `fleet-sasl-central-${run}`, kafkaLogin: kafka.logins.central, ...('tls' in security ? { tls: security.tls } : {}) });
      const channels = channelsFor('driver', url, `fleet-sasl-${run}`, security);
      try {
        await central.connect();
        const events = inbox();
        const driverId = `S${run}${'tls' in security ? 'T' : 'P'}`;
        await channels.attach({ id: driverId, secret: '', onMessage: events.onMessage, onDrop: () => undefined });
        await central.publish(topics.driverEvents(driverId), '{"type":"ticket"}');
        assert.equal((await events.next()).payload.toString(), '{"type":"ticket"}');
      } finally {
        await channels.close();
        await central.close();
      }
    }
  });

  it('a wrong password fails the attach with the broker\'s refusal', async function () {
    const kafka = await saslKafkaForTests(this);
    const channels = channelsFor('driver', kafka.url, `fleet-sasl-bad-${randomBytes(3).toString('hex')}`, { kafkaLogin: { ...kafka.logins.driver, password: 'wrong' } });
    try {
      await assert.rejects(channels.attach({ id: 'SBAD', secret: '', onMessage: () => undefined, onDrop: () => undefined }), BusRefusedError);
    } finally {
      await channels.close();
    }
  });
});
