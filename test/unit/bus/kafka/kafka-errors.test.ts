import assert from 'node:assert/strict';
import { describeConnectFailure, sendThroughOutage } from '../../../../bus/kafka/kafka-errors.ts';
import type { KafkaEndpoint } from '../../../../bus/url.ts';
import { capturingLogger } from '../../../helpers/log-lines.ts';

const PLAIN: KafkaEndpoint = { kind: 'kafka', brokers: ['127.0.0.1:9092'], url: 'kafka://127.0.0.1:9092', tls: false };

function namedError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

describe('bus/kafka/kafka-errors', function () {
  describe('describeConnectFailure', function () {
    it('a refused SASL login is a refusal, found also as a cause', function () {
      const refused = namedError('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA256 authentication failed');
      assert.deepEqual(describeConnectFailure(namedError('KafkaJSNonRetriableError', 'wrapped', refused), { ...PLAIN, sasl: 'scram-sha-256' }), {
        kind: 'refused',
        reason: 'SASL SCRAM SHA256 authentication failed',
      });
    });

    it('a mechanism the broker does not offer is a refusal that names the choices', function () {
      const failure = describeConnectFailure(new Error('The broker does not support the requested SASL mechanism'), { ...PLAIN, sasl: 'plain' });
      assert.equal(failure.kind, 'refused');
      assert.match(failure.reason, /does not offer SASL plain; .*\?sasl=plain\|scram-sha-256\|scram-sha-512/);
    });

    it('a certificate the client cannot verify is untrusted', function () {
      const error = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      assert.deepEqual(describeConnectFailure(error, { ...PLAIN, tls: true }), { kind: 'untrusted', reason: 'self-signed certificate' });
    });

    it('a closed connection without a login in the URL hints at SASL or TLS; with one it is just unreachable', function () {
      const closed = new Error('Closed connection');
      const hinted = describeConnectFailure(closed, PLAIN);
      assert.equal(hinted.kind, 'unreachable');
      assert.match(hinted.reason, /^Closed connection: a broker that wants a login or TLS .*\?sasl=scram-sha-256, \?tls=true/);
      assert.deepEqual(describeConnectFailure(closed, { ...PLAIN, sasl: 'plain' }), { kind: 'unreachable', reason: 'Closed connection' });
      assert.deepEqual(describeConnectFailure(new Error('connect ECONNREFUSED 127.0.0.1:9092'), PLAIN), { kind: 'unreachable', reason: 'connect ECONNREFUSED 127.0.0.1:9092' });
    });
  });

  describe('sendThroughOutage', function () {
    const bus = (state: { closed?: boolean; lost?: boolean } = {}) => {
      const { logger, lines } = capturingLogger();
      return { lines, closed: () => state.closed ?? false, brokerLost: () => state.lost ?? false, logger };
    };

    it('returns what the send returns', async function () {
      assert.equal(await sendThroughOutage(async () => 'sent', bus()), 'sent');
    });

    it('fails at once on an error that is not an outage (a refusal of the records)', async function () {
      let sends = 0;
      const refusal = namedError('KafkaJSProtocolError', 'The request included a message larger than the max message size');
      await assert.rejects(sendThroughOutage(async () => { sends += 1; throw refusal; }, bus()), refusal);
      assert.equal(sends, 1);
    });

    it('sends again after a connection error once the broker is back, and says why it waited', async function () {
      let sends = 0;
      const waiting = bus({ lost: false });
      const result = await sendThroughOutage(async () => {
        sends += 1;
        if (sends === 1) throw namedError('KafkaJSNumberOfRetriesExceeded', 'gave up', namedError('KafkaJSConnectionError', 'Connection error: ECONNREFUSED'));
        return 'sent';
      }, waiting);
      assert.equal(result, 'sent');
      assert.equal(sends, 2);
      assert.deepEqual(waiting.lines.map((line) => [line.level, line.msg]), [['warn', 'kafka publish met a broker outage; waiting for the broker']]);
    });

    it('does not wait through an outage once the bus is closed', async function () {
      const outage = namedError('KafkaJSConnectionClosedError', 'Closed connection');
      await assert.rejects(sendThroughOutage(async () => { throw outage; }, bus({ closed: true })), outage);
    });
  });
});
