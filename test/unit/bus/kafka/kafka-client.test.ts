import assert from 'node:assert/strict';
import { pino } from 'pino';
import { BusUrlError } from '../../../../bus/errors.ts';
import { createKafkaClient } from '../../../../bus/kafka/kafka-client.ts';
import { parseBusUrl, type KafkaEndpoint } from '../../../../bus/url.ts';

const logger = pino({ enabled: false });

function endpoint(url: string): KafkaEndpoint {
  const parsed = parseBusUrl(url);
  assert.equal(parsed.kind, 'kafka');
  return parsed as KafkaEndpoint;
}

describe('bus/kafka/kafka-client (built, never connected)', function () {
  it('builds the client, admin and producer for plain, TLS and SASL endpoints', function () {
    for (const url of ['kafka://127.0.0.1:9092', 'kafka://127.0.0.1:9093?tls=true', 'kafka://u:p@127.0.0.1:9094?sasl=scram-sha-256', 'kafka://127.0.0.1:9095?sasl=plain&tls=true']) {
      const built = createKafkaClient(url, endpoint(url), { clientId: 'test', logger, kafkaLogin: { username: 'u', password: 'p' } });
      assert.equal(typeof built.producer.send, 'function', url);
      assert.equal(typeof built.admin.listTopics, 'function', url);
      assert.equal(typeof built.kafka.consumer, 'function', url);
    }
  });

  it('takes the SASL login from the URL when the options give none', function () {
    const url = 'kafka://alice:secret@127.0.0.1:9092?sasl=scram-sha-512';
    assert.doesNotThrow(() => createKafkaClient(url, endpoint(url), { clientId: 'test', logger }));
  });

  it('a SASL mechanism with no login anywhere is bad usage that says how to give one', function () {
    const url = 'kafka://127.0.0.1:9092?sasl=plain';
    assert.throws(
      () => createKafkaClient(url, endpoint(url), { clientId: 'test', logger }),
      (error: unknown) => error instanceof BusUrlError && /sasl=plain needs a user and password: kafka:\/\/USER:PASSWORD@host:port\?sasl=plain, or --kafka-user and --kafka-password/.test(error.message),
    );
  });
});
