import assert from 'node:assert/strict';
import { BusRefusedError } from '../../../../bus/index.ts';
import { saslKafkaForTests, type SaslKafka } from '../../../helpers/kafka.ts';
import { useProcesses } from '../../../helpers/processes.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { connectCp, type CpRig } from './cp-rig.ts';

/**
 * Central and the driver CLI on a Kafka that wants a SASL SCRAM-SHA-256 login (DESIGN §4.6,
 * issue 9): each with its own Kafka account, given as --kafka-user and EVC_KAFKA_PASSWORD.
 */
describe('Central and evc driver on a Kafka driver bus with SASL logins', function () {
  const processes = useProcesses();
  let kafka: SaslKafka;
  let dataDir: string;
  let driverData: string;
  let central: TestCentral | undefined;
  let cp1: CpRig | undefined;

  before(async function () {
    kafka = await saslKafkaForTests(this);
  });

  beforeEach(async function () {
    this.timeout(60_000);
    dataDir = await tempDataDir();
    driverData = await tempDataDir();
  });

  afterEach(async () => {
    await cp1?.close();
    await central?.handle.close();
    cp1 = central = undefined;
    await removeDir(dataDir);
    await removeDir(driverData);
  });

  async function startWithLogin(): Promise<TestCentral> {
    central = await startCentral(dataDir, {
      registration: 'open',
      driverBus: kafka.url,
      busSecurity: { kafkaLogin: kafka.logins.central },
      kafkaGroupId: `evc-central-sasl-${process.pid}-${Date.now()}`,
    });
    cp1 = await connectCp(central, 'CP1');
    return central;
  }

  function driver(args: string[], password: string | undefined) {
    const env = password === undefined ? {} : { EVC_KAFKA_PASSWORD: password };
    return processes.run('driver', ['driver', '--id', 'D1', '--bus', kafka.url, '--data', driverData, '--timeout-ms', '20000', ...args], { timeoutMs: 45_000, env });
  }

  it('a driver with its Kafka login lists the CPs: signed requests in, sealed events out, over SASL', async function () {
    this.timeout(90_000);
    const running = await startWithLogin();
    assert.match(running.handle.banner.join('\n'), /driver bus: kafka:\/\/127\.0\.0\.1:\d+\?sasl=scram-sha-256\n/);
    const listed = await driver(['--kafka-user', kafka.logins.driver.username, 'list'], kafka.logins.driver.password);
    assert.equal(listed.exit.code, 0, listed.stderr.join('\n'));
    assert.match(listed.stdout.join('\n'), /CP1/);
  });

  it('over TLS: the driver trusts the brokers\' CA given as --bus-ca', async function () {
    this.timeout(90_000);
    await startWithLogin();
    const listed = await processes.run('driver', ['driver', '--id', 'D1', '--bus', kafka.tlsUrl, '--bus-ca', kafka.caFile, '--kafka-user', kafka.logins.driver.username, '--data', driverData, '--timeout-ms', '20000', 'list'], {
      timeoutMs: 45_000,
      env: { EVC_KAFKA_PASSWORD: kafka.logins.driver.password },
    });
    assert.equal(listed.exit.code, 0, listed.stderr.join('\n'));
    assert.match(listed.stdout.join('\n'), /CP1/);
  });

  it('a wrong Kafka password gets the broker\'s refusal at once (exit 1), not a wait for Central', async function () {
    this.timeout(90_000);
    await startWithLogin();
    const refused = await driver(['--kafka-user', kafka.logins.driver.username, 'list'], 'not-the-password');
    assert.equal(refused.exit.code, 1);
    const said = refused.stderr.join('\n');
    assert.match(said, /refused the connection: SASL SCRAM SHA256 authentication failed/);
    assert.doesNotMatch(said, /add-driver|not-the-password/, 'a Kafka login is not the driver token, and is never echoed');
  });

  it('no Kafka login at all is bad usage (exit 2) naming the flags', async function () {
    const missing = await driver(['list'], undefined);
    assert.equal(missing.exit.code, 2);
    assert.match(missing.stderr.join('\n'), /sasl=scram-sha-256 needs a user and password: .*--kafka-user and --kafka-password/);
    const half = await driver(['--kafka-user', kafka.logins.driver.username, 'list'], undefined);
    assert.equal(half.exit.code, 2);
    assert.match(half.stderr.join('\n'), /--kafka-user and --kafka-password go together/);
  });

  it('Central with a wrong Kafka login does not start, and says why', async function () {
    await assert.rejects(
      startCentral(dataDir, { driverBus: kafka.url, busSecurity: { kafkaLogin: { ...kafka.logins.central, password: 'wrong' } } }),
      (error: unknown) => error instanceof BusRefusedError && /SASL SCRAM SHA256 authentication failed/.test(error.message),
    );
  });
});
