import assert from 'node:assert/strict';
import { once, type EventEmitter } from 'node:events';
import mqtt from 'mqtt';
import { encodeMessage, makeMessage, topics, type DriverRequest } from '../../../../protocol/index.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';

const PASSWORD = 'watch-only-pw';

describe("Central's embedded broker: the read-only operator account (issue 14)", () => {
  let dataDir: string;
  let central: TestCentral;
  const clients: mqtt.MqttClient[] = [];
  const connect = async (options: mqtt.IClientOptions): Promise<mqtt.MqttClient> => {
    const client = mqtt.connect(central.mqttUrl, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
    clients.push(client);
    const events = client as unknown as EventEmitter;
    await Promise.race([once(events, 'connect'), once(events, 'error').then(([error]) => Promise.reject(error as Error))]);
    return client;
  };

  beforeEach(async () => {
    dataDir = await tempDataDir();
    central = await startCentral(dataDir, { operatorPassword: PASSWORD });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.end(true);
    await central.handle.close();
    await removeDir(dataDir);
  });

  it('user operator watches evc/#: a driver request and Central\'s answer both arrive', async () => {
    const operator = await connect({ username: 'operator', password: PASSWORD, clientId: 'operator.test' });
    const granted = await operator.subscribeAsync('evc/#', { qos: 1 });
    assert.equal(granted[0]!.qos, 1);
    const seen: string[] = [];
    const both = new Promise<void>((resolve) =>
      operator.on('message', (topic) => {
        seen.push(topic);
        if (seen.includes(topics.driverRequests('D1')) && seen.includes(topics.driverEvents('D1'))) resolve();
      }),
    );
    const driver = await connect({ username: 'D1', password: 'd1-token-pinned-at-first-use', clientId: 'D1' });
    await driver.publishAsync(topics.driverRequests('D1'), encodeMessage(makeMessage<DriverRequest>('list-cps', { driverId: 'D1' } as never)), { qos: 1 });
    await both;
  });

  it('may not publish (the broker closes it) and may not subscribe outside evc/', async () => {
    const operator = await connect({ username: 'operator', password: PASSWORD, clientId: 'operator.test' });
    await assert.rejects(operator.subscribeAsync('$SYS/#'), /Subscribe error/);
    await assert.rejects(operator.subscribeAsync('#'), /Subscribe error/);
    const closed = once(operator as unknown as EventEmitter, 'close');
    operator.publish(topics.cpCommands('CP1'), '{"type":"stop"}', { qos: 1 });
    await closed;
  });

  it('a wrong password, or a client id not its own, is refused', async () => {
    await assert.rejects(connect({ username: 'operator', password: 'nope', clientId: 'operator.x' }), /Bad username or password|Not authorized/i);
    await assert.rejects(connect({ username: 'operator', password: PASSWORD, clientId: 'CP1.engine' }), /Identifier rejected|client id/i);
  });
});
