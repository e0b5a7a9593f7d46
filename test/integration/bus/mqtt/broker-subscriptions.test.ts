import assert from 'node:assert/strict';
import { connectAsync, type MqttClient } from 'mqtt';
import { SubscribeRefusedError } from '../../../../bus/errors.ts';
import { subscribeAtBroker, unsubscribeAtBroker } from '../../../../bus/mqtt/broker-subscriptions.ts';
import type { Authenticate, EmbeddedBroker } from '../../../../bus/index.ts';
import { CENTRAL, startTestBroker } from '../../../helpers/brokers.ts';

const authenticate: Authenticate = async (username) => ({ kind: 'driver', id: username });

describe('bus/mqtt broker-subscriptions (SUBACK, MQTT 3.1.1 §3.9.3)', () => {
  let broker: EmbeddedBroker;
  let client: MqttClient;

  beforeEach(async () => {
    broker = await startTestBroker({ authenticate });
    client = await connectAsync(broker.url, { clientId: 'D1', username: 'D1', password: 'x', reconnectPeriod: 0 });
  });
  afterEach(async () => {
    await client.endAsync(true);
    await broker.close();
  });

  it('subscribes and unsubscribes patterns the ACL grants', async () => {
    await subscribeAtBroker(client, ['evc/drivers/D1/events']);
    const delivered = new Promise<string>((resolve) => client.once('message', (topic) => resolve(topic)));
    const central = await connectAsync(broker.url, { clientId: 'central-test', ...CENTRAL, reconnectPeriod: 0 });
    await central.publishAsync('evc/drivers/D1/events', '{}', { qos: 1 });
    await central.endAsync();
    assert.equal(await delivered, 'evc/drivers/D1/events');
    await unsubscribeAtBroker(client, ['evc/drivers/D1/events']);
  });

  it('names the pattern the broker refused', async () => {
    await assert.rejects(
      subscribeAtBroker(client, ['evc/drivers/D1/events', 'evc/drivers/D2/events']),
      (error: unknown) => error instanceof SubscribeRefusedError && error.pattern === 'evc/drivers/D2/events',
    );
  });
});
