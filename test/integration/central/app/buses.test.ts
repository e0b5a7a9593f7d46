import assert from 'node:assert/strict';
import { once } from 'node:events';
import { pino } from 'pino';
import { openBuses, withoutCredentials, type CentralBuses } from '../../../../central/app/buses.ts';
import { subscribeMessages, type EmbeddedBroker } from '../../../../bus/index.ts';
import { deviceEvent } from '../../../../protocol/index.ts';
import { CENTRAL, startTestBroker } from '../../../helpers/brokers.ts';

const silent = pino({ level: 'silent' });

function options(overrides: Partial<Parameters<typeof openBuses>[0]> = {}): Parameters<typeof openBuses>[0] {
  return {
    deviceBus: 'embedded',
    driverBus: 'embedded',
    mqttHost: '127.0.0.1',
    mqttPort: 0,
    kafkaGroupId: 'evc-test',
    authenticate: () => Promise.resolve(null),
    logger: silent,
    onRejected: () => undefined,
    ...overrides,
  };
}

describe('central/app buses (DESIGN §4.4–4.6)', () => {
  let buses: CentralBuses | undefined;
  let external: EmbeddedBroker | undefined;
  afterEach(async () => {
    await buses?.close();
    await external?.close();
    buses = undefined;
    external = undefined;
  });

  it('withoutCredentials: a URL another client may be handed', () => {
    assert.equal(withoutCredentials('mqtt://central:pw@broker.lan:1883/'), 'mqtt://broker.lan:1883');
    assert.equal(withoutCredentials('kafka://k1:9092,k2:9092'), 'kafka://k1:9092,k2:9092');
    assert.equal(withoutCredentials('mqtts://host:8883'), 'mqtts://host:8883');
  });

  it('embedded: one broker for both channels, Central connected to it on each', async () => {
    buses = await openBuses(options());
    const port = buses.broker!.port;
    assert.equal(buses.device.connected && buses.driver.connected, true);
    assert.equal(buses.deviceLabel, `embedded MQTT broker on 127.0.0.1:${port}`);
    assert.equal(buses.driverLabel, buses.deviceLabel);
    assert.equal(buses.deviceForCps, `mqtt://127.0.0.1:${port}`);
    const delivered = new Promise<string>((resolve) => void buses!.driver.subscribe('evc/cp/+/events', (message) => resolve(message.payload.toString())));
    await new Promise((resolve) => setImmediate(resolve));
    await buses.device.publish('evc/cp/CP1/events', '{"hello":1}');
    assert.equal(await delivered, '{"hello":1}');
  });

  it('tells CPs an IPv6 listener in brackets', async () => {
    buses = await openBuses(options({ mqttHost: '::1' }));
    assert.equal(buses.deviceForCps, `mqtt://[::1]:${buses.broker!.port}`);
  });

  it('an external broker: no embedded one, labels and the CPs’ URL without Central’s credentials', async () => {
    external = await startTestBroker();
    const url = `mqtt://${CENTRAL.username}:${CENTRAL.password}@127.0.0.1:${external.port}`;
    buses = await openBuses(options({ deviceBus: url, driverBus: url }));
    assert.equal(buses.broker, undefined);
    assert.doesNotMatch(buses.deviceLabel, new RegExp(CENTRAL.password));
    assert.equal(buses.deviceForCps, `mqtt://127.0.0.1:${external.port}`);
  });

  it('counts a malformed message a channel reports as a rejection of that channel', async () => {
    const rejected: string[] = [];
    buses = await openBuses(options({ onRejected: (source, reason) => void rejected.push(`${source}/${reason}`) }));
    await subscribeMessages(buses.device, 'evc/cp/+/events', deviceEvent, () => assert.fail('a malformed event reached the handler'));
    const errorSeen = once(buses.device, 'error');
    await buses.device.publish('evc/cp/CP1/events', 'not json');
    const [error] = (await errorSeen) as [Error];
    assert.match(error.message, /evc\/cp\/CP1\/events/);
    assert.deepEqual(rejected, ['device/malformed']);
  });

});
