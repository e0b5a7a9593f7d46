import assert from 'node:assert/strict';
import { BusUnreachableError, BusUrlError, KafkaBus, MqttBus, connectBus, createBus } from '../../../bus/index.ts';
import { CENTRAL, closedPort, startTestBroker } from '../../helpers/brokers.ts';

describe('bus/create-bus (DESIGN §4.6)', function () {
  it('picks the adapter from the URL scheme and shows the URL without credentials', function () {
    const mqtt = createBus('mqtt://CP1:secret@central.lab:1883', { clientId: 'CP1' });
    assert.ok(mqtt instanceof MqttBus);
    assert.equal(mqtt.kind, 'mqtt');
    assert.equal(mqtt.url, 'mqtt://central.lab:1883');
    assert.equal(createBus('mqtts://central.lab', { clientId: 'x' }).url, 'mqtts://central.lab:8883');
    const kafka = createBus('kafka://k1:9092,k2:9093', { clientId: 'central' });
    assert.ok(kafka instanceof KafkaBus);
    assert.equal(kafka.url, 'kafka://k1:9092,k2:9093');
    assert.equal(kafka.connected, false);
  });

  it('says what to do with "embedded" and with a URL it does not know', function () {
    assert.throws(() => createBus('embedded', { clientId: 'x' }), /start it with createEmbeddedBroker\(\)/);
    assert.throws(() => createBus('redis://h:6379', { clientId: 'x' }), BusUrlError);
  });

  it('connectBus logs in with credentials from the URL', async function () {
    const broker = await startTestBroker();
    try {
      const { port } = broker;
      const bus = await connectBus(`mqtt://${CENTRAL.username}:${CENTRAL.password}@127.0.0.1:${port}`, { clientId: 'via-url' });
      assert.equal(bus.connected, true);
      await bus.close();
    } finally {
      await broker.close();
    }
  });

  it('connectBus rejects with a clear error when no broker answers', async function () {
    const url = `mqtt://127.0.0.1:${await closedPort()}`;
    await assert.rejects(connectBus(url, { clientId: 'x', connectTimeoutMs: 300 }), BusUnreachableError);
  });
});
