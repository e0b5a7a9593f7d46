import assert from 'node:assert/strict';
import { parseBusUrl } from '../../../bus/url.ts';
import { BusUrlError } from '../../../bus/errors.ts';

describe('bus/url (DESIGN §4.6)', function () {
  it('reads mqtt:// with host and port, and credentials kept out of the shown url', function () {
    assert.deepEqual(parseBusUrl('mqtt://CP1:s%40cret@central.lab:1884'), {
      kind: 'mqtt',
      protocol: 'mqtt',
      host: 'central.lab',
      port: 1884,
      url: 'mqtt://central.lab:1884',
      username: 'CP1',
      password: 's@cret',
    });
  });

  it('gives MQTT its default ports: 1883, and 8883 for mqtts', function () {
    assert.equal(parseBusUrl('mqtt://10.0.0.5').url, 'mqtt://10.0.0.5:1883');
    assert.equal(parseBusUrl('mqtts://broker.example/').url, 'mqtts://broker.example:8883');
  });

  it('reads an IPv6 host', function () {
    const endpoint = parseBusUrl('mqtt://[::1]:1883');
    assert.equal(endpoint.kind === 'mqtt' && endpoint.host, '::1');
    assert.equal(endpoint.url, 'mqtt://[::1]:1883');
  });

  it('reads kafka:// with one or several brokers, defaulting the port to 9092', function () {
    assert.deepEqual(parseBusUrl('kafka://k1:9093,k2, 10.0.0.7:19092'), {
      kind: 'kafka',
      brokers: ['k1:9093', 'k2:9092', '10.0.0.7:19092'],
      url: 'kafka://k1:9093,k2:9092,10.0.0.7:19092',
      tls: false,
    });
  });

  it('reads a Kafka SASL mechanism, TLS and a login; the shown url keeps what to speak, never the login', function () {
    assert.deepEqual(parseBusUrl('kafka://alice:s%40cret@k1:9093,k2?sasl=SCRAM-SHA-256&tls=true'), {
      kind: 'kafka',
      brokers: ['k1:9093', 'k2:9092'],
      url: 'kafka://k1:9093,k2:9092?sasl=scram-sha-256&tls=true',
      tls: true,
      sasl: 'scram-sha-256',
      username: 'alice',
      password: 's@cret',
    });
    assert.deepEqual(parseBusUrl('kafka://k1?tls'), { kind: 'kafka', brokers: ['k1:9092'], url: 'kafka://k1:9092?tls=true', tls: true });
    assert.equal(parseBusUrl('kafka://k1:9092/?sasl=plain&tls=false').url, 'kafka://k1:9092?sasl=plain');
  });

  it('never shows a password in a bad URL error', function () {
    assert.throws(() => parseBusUrl('kafka://alice:hunter2@k1:9092?sasl=md5'), (error: Error) => {
      assert.match(error.message, /"kafka:\/\/alice:\*\*\*@k1:9092\?sasl=md5": sasl=md5: use one of plain, scram-sha-256, scram-sha-512/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });

  it('recognises embedded', function () {
    assert.deepEqual(parseBusUrl('embedded'), { kind: 'embedded', url: 'embedded' });
  });

  const bad: Array<[string, RegExp]> = [
    ['localhost:1883', /no scheme/],
    ['amqp://host', /unknown scheme "amqp"/],
    ['mqtt://', /not a valid URL|no host/],
    ['mqtt://host:99999', /not a valid URL/],
    ['mqtt://host:0', /out of range/],
    ['mqtt://host:1883/topic', /no path or query/],
    ['kafka://', /no broker address/],
    ['kafka://a:1,,b:2', /"" is not host:port/],
    ['kafka://host:70000', /out of range/],
    ['kafka://host:port', /is not host:port/],
    ['kafka://host:9092?acks=all', /unknown option "acks"; a kafka:\/\/ URL takes \?sasl= and \?tls=/],
    ['kafka://host:9092?tls=yes', /tls=yes: use tls=true or tls=false/],
    ['kafka://alice:pw@host:9092', /it has a login but names no SASL mechanism; add \?sasl=plain\|scram-sha-256\|scram-sha-512/],
    ['kafka://:pw@host:9092?sasl=plain', /the login before "@" has no user name/],
  ];
  for (const [url, reason] of bad) {
    it(`refuses ${JSON.stringify(url)} with a clear, exit-code-2 error`, function () {
      assert.throws(
        () => parseBusUrl(url),
        (error: unknown) => {
          assert.ok(error instanceof BusUrlError);
          assert.equal(error.exitCode, 2);
          assert.match(error.message, reason);
          assert.match(error.message, /use mqtt:\/\/host:port, mqtts:\/\/host:port or kafka:\/\//);
          return true;
        },
      );
    });
  }
});
