import { strict as assert } from 'node:assert';
import { checkSaslSettings, jvmOptions, log4jProperties, newClusterId, scramFormatArgs, serverProperties, type SaslSettings } from '../../../../bus/kafka-local/config.ts';

describe('bus/kafka-local config (the run dir files)', function () {
  it('writes a single-node KRaft config on the given loopback ports', function () {
    const text = serverProperties({ brokerPort: 1111, controllerPort: 2222, dataDir: '/tmp/x' });
    const settings = new Map(text.split('\n').filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    assert.equal(settings.get('process.roles'), 'broker,controller');
    assert.equal(settings.get('listeners'), 'PLAINTEXT://127.0.0.1:1111,CONTROLLER://127.0.0.1:2222');
    assert.equal(settings.get('controller.quorum.voters'), '1@127.0.0.1:2222');
    assert.equal(settings.get('log.dirs'), '/tmp/x');
    assert.equal(settings.get('num.partitions'), '3');
    assert.equal(settings.get('offsets.topic.replication.factor'), '1');
    assert.equal(settings.get('group.initial.rebalance.delay.ms'), '0');
  });

  it('with SASL, the client listener wants a login: SCRAM users go into the storage format, PLAIN ones into JAAS', function () {
    const scram: SaslSettings = { mechanism: 'SCRAM-SHA-256', users: { alice: 'a1' }, broker: { username: 'evc-broker', password: 'b2' } };
    const text = serverProperties({ brokerPort: 1111, controllerPort: 2222, dataDir: '/tmp/x', sasl: scram });
    const settings = new Map(text.split('\n').filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    assert.equal(settings.get('listeners'), 'SASL_PLAINTEXT://127.0.0.1:1111,CONTROLLER://127.0.0.1:2222');
    assert.equal(settings.get('advertised.listeners'), 'SASL_PLAINTEXT://127.0.0.1:1111');
    assert.equal(settings.get('sasl.enabled.mechanisms'), 'SCRAM-SHA-256');
    assert.equal(settings.get('listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config'),
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="evc-broker" password="b2";');
    assert.deepEqual(scramFormatArgs(scram), [
      '--add-scram', 'SCRAM-SHA-256=[name=evc-broker,password=b2]',
      '--add-scram', 'SCRAM-SHA-256=[name=alice,password=a1]',
    ]);
    const plain: SaslSettings = { ...scram, mechanism: 'PLAIN' };
    assert.match(serverProperties({ brokerPort: 1, controllerPort: 2, dataDir: '/x', sasl: plain }),
      /^listener\.name\.sasl_plaintext\.plain\.sasl\.jaas\.config=.*PlainLoginModule required username="evc-broker" password="b2" user_evc-broker="b2" user_alice="a1";$/m);
    assert.deepEqual(scramFormatArgs(plain), []);
    assert.throws(() => checkSaslSettings({ ...scram, users: { alice: 'a b' } }), /names and passwords are 1-64 letters, digits, _ or -/);
  });

  it('with TLS, a second client listener (SASL_SSL) reads PEM files; the inter-broker one stays plain', function () {
    const sasl: SaslSettings = { mechanism: 'SCRAM-SHA-256', users: {}, broker: { username: 'b', password: 'p' } };
    const text = serverProperties({ brokerPort: 1, controllerPort: 2, dataDir: '/x', sasl, tls: { port: 3, keystoreFile: '/run/k.pem', truststoreFile: '/run/ca.pem' } });
    const settings = new Map(text.split('\n').filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    assert.equal(settings.get('listeners'), 'SASL_PLAINTEXT://127.0.0.1:1,SASL_SSL://127.0.0.1:3,CONTROLLER://127.0.0.1:2');
    assert.equal(settings.get('listener.security.protocol.map'), 'SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT');
    assert.equal(settings.get('inter.broker.listener.name'), 'SASL_PLAINTEXT');
    assert.equal(settings.get('ssl.keystore.type'), 'PEM');
    assert.equal(settings.get('ssl.keystore.location'), '/run/k.pem');
    assert.ok(settings.has('listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config'));
  });

  it('makes cluster ids of 22 base64url characters that never start with "-"', function () {
    const bytes = [Buffer.alloc(16, 0xfb), Buffer.alloc(16, 0x01)]; // 0xfb… encodes as "-", so it is redrawn
    const id = newClusterId(() => bytes.shift() ?? Buffer.alloc(16));
    assert.equal(id, Buffer.alloc(16, 0x01).toString('base64url'));
    assert.match(newClusterId(), /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it('sends every broker log line to the one file, state changes only from warn', function () {
    const text = log4jProperties('C:\\run\\broker.log');
    assert.match(text, /^appender\.file\.fileName = C:\/run\/broker\.log$/m);
    assert.match(text, /^rootLogger\.appenderRef\.file\.ref = file$/m);
    assert.match(text, /^logger\.stateChange\.level = warn$/m);
    assert.doesNotMatch(text, /console/i);
  });

  it('starts a small JVM that logs into the run dir with the given log4j file', function () {
    const options = jvmOptions('/run/x', '/run/x/log4j2.properties');
    assert.ok(options.includes('-Xmx512m'));
    assert.ok(options.includes('-Dkafka.logs.dir=/run/x'));
    assert.ok(options.includes('-Dlog4j2.configurationFile=/run/x/log4j2.properties'));
  });
});
