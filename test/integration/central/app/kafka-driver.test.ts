import assert from 'node:assert/strict';
import { kafkaForTests } from '../../../helpers/kafka.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { connectCp, isEvent, reserve, type CpRig } from './cp-rig.ts';
import { TestDriver } from './test-clients.ts';

describe('Central: the driver channel on Apache Kafka (DESIGN §4.5–4.6)', function () {
  let kafkaUrl: string;
  let dataDir: string;
  let central: TestCentral;
  let cp1: CpRig;
  const drivers: TestDriver[] = [];

  before(async function () {
    kafkaUrl = await kafkaForTests(this);
  });

  beforeEach(async function () {
    this.timeout(60_000);
    dataDir = await tempDataDir();
    central = await startCentral(dataDir, { driverBus: kafkaUrl, kafkaGroupId: `evc-central-test-${process.pid}-${Date.now()}` });
    cp1 = await connectCp(central, 'CP1', 0.4);
  });

  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((driver) => driver.close()));
    await cp1?.close();
    await central?.handle.close();
    await removeDir(dataDir);
  });

  async function driver(id: string): Promise<TestDriver> {
    const connected = await TestDriver.connect(kafkaUrl, id);
    drivers.push(connected);
    return connected;
  }

  it('charges a driver on Kafka while the Engine is on MQTT', async function () {
    this.timeout(60_000);
    assert.match(central.handle.banner.join('\n'), /driver bus: kafka:\/\//);
    const kafkaDriver = await driver(`KD${Date.now() % 100000}`);
    const sessionId = await reserve(kafkaDriver, 'CP1');
    const authorize = await cp1.engine.commands.next((c) => c.type === 'authorize', 'authorize over MQTT');
    assert.equal(authorize.type === 'authorize' && authorize.driverId, kafkaDriver.driverId);
    await cp1.engine.send({ type: 'session-started', sessionId, driverId: kafkaDriver.driverId });
    await cpReaches(central.operations, 'CP1', 'CHARGING');
    await cp1.engine.send({ type: 'session-ended', sessionId, kWh: 2, durationS: 30, reason: 'unplugged' });
    const ticket = await kafkaDriver.events.next(isEvent('ticket'), 'ticket over Kafka', 20_000);
    assert.equal(ticket.amount, 0.8);
  });

  it('a revoked driver is refused on Kafka: its signed requests, and a new token it tries to enrol (issue 14)', async function () {
    this.timeout(60_000);
    const id = `KR${Date.now() % 100000}`;
    const revoked = await driver(id);
    const listed = await revoked.request({ type: 'list-cps', driverId: id });
    await revoked.events.next(isEvent('cps', (event) => event.re === listed.id), 'the driver is known', 20_000);
    assert.deepEqual(await central.operations.revokeDriver(id), { outcome: 'revoked' });
    const after = await revoked.request({ type: 'list-cps', driverId: id });
    const denied = await revoked.events.next(isEvent('denied', (event) => event.re === after.id), 'denied once revoked', 20_000);
    assert.match(denied.reason, /token was revoked/);
    const newcomer = await driver(id); // a new token, enrolled with its first request: not pinned for a revoked driver
    const enrol = await newcomer.request({ type: 'charge', driverId: id, cpId: 'CP1' });
    await newcomer.events.next(isEvent('denied', (event) => event.re === enrol.id), 'the new token refused', 20_000);
    assert.equal(central.operations.cpViews().find((cp) => cp.id === 'CP1')?.state, 'AVAILABLE');
  });

  it("denies a request under another driver's record key: its proof does not match that driver's token", async function () {
    this.timeout(60_000);
    const suffix = Date.now() % 100000;
    const keyOwner = await driver(`KO${suffix}`);
    const impostor = await driver(`KI${suffix}`);
    const listed = await keyOwner.request({ type: 'list-cps', driverId: keyOwner.driverId });
    await keyOwner.events.next(isEvent('cps', (event) => event.re === listed.id), 'the owner is known', 20_000);
    const request = await impostor.request({ type: 'charge', driverId: impostor.driverId, cpId: 'CP1' }, keyOwner.driverId);
    const denied = await keyOwner.events.next(isEvent('denied', (event) => event.re === request.id), 'denied on the key owner', 20_000);
    assert.match(denied.reason, /proof/);
    assert.equal(central.operations.cpViews().find((cp) => cp.id === 'CP1')?.state, 'AVAILABLE');
  });
});
