import assert from 'node:assert/strict';
import {
  BusClosedError,
  BusNotConnectedError,
  BusRefusedError,
  BusUnreachableError,
  BusUrlError,
  HandlerError,
  MalformedPayloadError,
  PayloadTooLargeError,
  SubscribeRefusedError,
} from '../../../bus/errors.ts';
import { EvcError } from '../../../protocol/index.ts';

describe('bus/errors: a code to branch on, a sentence to act on', () => {
  it('a bad bus URL is bad usage (exit 2) and lists the forms that work', () => {
    const error = new BusUrlError('ftp://x', 'unknown scheme "ftp"');
    assert.ok(error instanceof EvcError);
    assert.deepEqual([error.name, error.code, error.exitCode], ['BusUrlError', 'BAD_BUS_URL', 2]);
    assert.match(error.message, /^bad bus URL "ftp:\/\/x": unknown scheme "ftp"; use mqtt:\/\/host:port, mqtts:\/\/host:port or kafka:\/\/host:port/);
  });

  it('an unreachable broker says how long it tried and why, when known', () => {
    assert.equal(new BusUnreachableError('mqtt://b:1883', 5000).message, 'cannot reach the broker at mqtt://b:1883 (no answer within 5000 ms); is it running and reachable?');
    assert.match(new BusUnreachableError('mqtt://b:1883', 5000, 'ECONNREFUSED').message, /\(ECONNREFUSED, gave up after 5000 ms\)/);
    assert.equal(new BusUnreachableError('x', 1).exitCode, 1);
  });

  it('refusals name what to check and keep what a caller needs', () => {
    assert.match(new BusRefusedError('mqtt://b', 'not authorized').message, /refused the connection: not authorized; check the username and password$/);
    assert.deepEqual(
      ['bad username or password', 'not authorized', 'server unavailable', 'SASL SCRAM SHA256 authentication failed'].map((reason) => new BusRefusedError('mqtt://b', reason).loginRefused),
      [true, true, false, false],
      'only a refused login is final; an unavailable server may answer next time',
    );
    const subscribe = new SubscribeRefusedError('evc/cp/+/cmd');
    assert.deepEqual([subscribe.code, subscribe.pattern], ['SUBSCRIBE_REFUSED', 'evc/cp/+/cmd']);
    const tooLarge = new PayloadTooLargeError('evc/t', 300, 256);
    assert.deepEqual([tooLarge.topic, tooLarge.sizeBytes, tooLarge.limitBytes], ['evc/t', 300, 256]);
    assert.match(tooLarge.message, /300 bytes, over the 256-byte limit; nothing was sent/);
  });

  it('a dropped message and a failed handler name the topic; the handler error keeps its cause', () => {
    const malformed = new MalformedPayloadError('evc/cp/CP1/events', 'not JSON');
    assert.deepEqual([malformed.topic, malformed.reason, malformed.message], ['evc/cp/CP1/events', 'not JSON', 'dropped a malformed message on evc/cp/CP1/events: not JSON']);
    const cause = new Error('boom');
    const handler = new HandlerError('evc/t', cause);
    assert.deepEqual([handler.code, handler.cause, handler.message], ['HANDLER_FAILED', cause, 'a handler for evc/t failed: boom']);
    assert.equal(new HandlerError('evc/t', 'text').message, 'a handler for evc/t failed: text');
  });

  it('misuse says what to do', () => {
    assert.equal(new BusClosedError('publish').message, 'publish: the bus is closed');
    assert.equal(new BusNotConnectedError('subscribe').message, 'subscribe: call connect() first');
  });
});
