import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BusRefusedError, BusUnreachableError, BusUrlError, createBus, type Bus, type KafkaLogin } from '../../../../bus/index.ts';
import { BusUntrustedError } from '../../../../bus/errors.ts';
import { topics } from '../../../../protocol/index.ts';
import { Inbox } from '../../../helpers/bus-contract.ts';
import { saslKafkaForTests, type SaslKafka } from '../../../helpers/kafka.ts';

/** `kafka://127.0.0.1:P?sasl=…` with a login in it (what a user may type instead of --kafka-user). */
const withLogin = (url: string, { username, password }: KafkaLogin): string => url.replace('kafka://', `kafka://${username}:${password}@`);

describe('bus/kafka on a broker that wants a SASL SCRAM-SHA-256 login, in plain text or TLS (DESIGN §4.6, issue 9)', function () {
  const run = randomBytes(3).toString('hex');
  let sequence = 0;
  const newId = (): string => `s${run}n${++sequence}`;
  let kafka: SaslKafka;
  const open: Bus[] = [];

  before(async function () {
    kafka = await saslKafkaForTests(this);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((bus) => bus.close()));
  });

  function bus(url: string, kafkaLogin?: KafkaLogin, ca?: string): Bus {
    const clientId = newId();
    const made = createBus(url, { clientId, groupId: `evc-test-${clientId}`, ...(kafkaLogin ? { kafkaLogin } : {}), ...(ca ? { tls: { ca } } : {}) });
    open.push(made);
    return made;
  }

  it('with the right login, from the options or the URL, messages go round', async function () {
    this.timeout(60_000);
    const publisher = bus(kafka.url, kafka.logins.central);
    const subscriber = bus(withLogin(kafka.url, kafka.logins.driver));
    await Promise.all([publisher.connect(), subscriber.connect()]);
    assert.equal(subscriber.url, kafka.url, 'the shown URL keeps the mechanism and drops the login');
    const inbox = new Inbox();
    const driverId = newId();
    await subscriber.subscribe(topics.driverEvents(driverId), inbox.handler);
    await publisher.publish(topics.driverEvents(driverId), 'over SASL');
    await inbox.waitFor(1);
    assert.deepEqual(inbox.texts(), ['over SASL']);
  });

  it('a wrong password is refused at once with the broker\'s reason, never shown', async function () {
    const wrong = { username: kafka.logins.driver.username, password: 'not-the-password' };
    await assert.rejects(bus(kafka.url, wrong).connect(), (error: unknown) => {
      // Not BusUnreachableError: kafkajs does not retry a refused login, so no connect timeout ran out.
      assert.ok(error instanceof BusRefusedError, String(error));
      assert.match(error.message, /refused the connection: SASL SCRAM SHA256 authentication failed.*invalid credentials.*check the username and password/);
      assert.doesNotMatch(error.message, /not-the-password/);
      return true;
    });
  });

  it('a client offering no login is not served, and is told a login or TLS may be wanted', async function () {
    const port = /:(\d+)\?/.exec(kafka.url)![1];
    await assert.rejects(bus(`kafka://127.0.0.1:${port}`).connect(), (error: unknown) => {
      assert.ok(error instanceof BusUnreachableError, String(error));
      assert.match(error.message, /a broker that wants a login or TLS closes the connection; say so in the URL \(\?sasl=scram-sha-256, \?tls=true\)/);
      return true;
    });
  });

  it('over TLS (SASL_SSL), trusting the CA that signed the brokers\' certificate, messages go round', async function () {
    this.timeout(60_000);
    const ca = await readFile(kafka.caFile, 'utf8');
    const publisher = bus(kafka.tlsUrl, kafka.logins.central, ca);
    const subscriber = bus(kafka.tlsUrl, kafka.logins.driver, ca);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    const inbox = new Inbox();
    const driverId = newId();
    await subscriber.subscribe(topics.driverEvents(driverId), inbox.handler);
    await publisher.publish(topics.driverEvents(driverId), 'over TLS');
    await inbox.waitFor(1);
    assert.deepEqual(inbox.texts(), ['over TLS']);
  });

  it('over TLS without that CA, the client says the certificate is not trusted and what to give', async function () {
    this.timeout(30_000);
    await assert.rejects(bus(kafka.tlsUrl, kafka.logins.driver).connect(), (error: unknown) => {
      assert.ok(error instanceof BusUntrustedError, String(error));
      assert.match(error.message, /has a certificate this client does not trust \(.*\); give the CA that signed it with --bus-ca FILE/);
      return true;
    });
  });

  it('a URL that names a mechanism but no login is bad usage before anything connects', function () {
    assert.throws(() => bus(kafka.url), (error: unknown) => {
      assert.ok(error instanceof BusUrlError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /sasl=scram-sha-256 needs a user and password: kafka:\/\/USER:PASSWORD@host:port\?sasl=scram-sha-256, or --kafka-user and --kafka-password/);
      return true;
    });
  });
});
