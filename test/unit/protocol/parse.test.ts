import assert from 'node:assert/strict';
import fc from 'fast-check';
import { health, ping, type Ping } from '../../../protocol/messages/monitor.ts';
import { encodeMessage, makeMessage, parseMessage } from '../../../protocol/parse.ts';

describe('protocol/parse', () => {
  it('makeMessage adds a fresh id and the injected time', () => {
    const a = makeMessage<Ping>('ping', { seq: 1 }, () => 42);
    const b = makeMessage<Ping>('ping', { seq: 1 }, () => 42);
    assert.equal(a.type, 'ping');
    assert.equal(a.ts, 42);
    assert.notEqual(a.id, b.id);
    assert.ok(parseMessage(ping, encodeMessage(a)).ok);
  });

  it('makeMessage keeps a given id, ts and re', () => {
    const message = makeMessage<Ping>('ping', { seq: 3, id: 'p3', ts: 7, re: 'x' });
    assert.deepEqual(message, { type: 'ping', id: 'p3', ts: 7, seq: 3, re: 'x' });
  });

  it('encodeMessage gives the UTF-8 JSON text, non-ASCII included', () => {
    const message = { type: 'health', id: 'h', ts: 1, cpId: 'CP1', engine: 'ko', detail: 'botón KO ⚡' };
    const bytes = encodeMessage(message);
    assert.equal(bytes.toString('utf8'), JSON.stringify(message));
    const result = parseMessage(health, bytes);
    assert.ok(result.ok);
    assert.equal(result.message.detail, 'botón KO ⚡');
  });

  it('says "not JSON" for text that is not JSON', () => {
    assert.deepEqual(parseMessage(ping, '{"type":'), { ok: false, reason: 'not JSON' });
  });

  it('reads a byte view inside a larger buffer without its neighbours', () => {
    const whole = Buffer.from('xx{"type":"ping","id":"p","ts":1,"seq":2}yy');
    assert.ok(parseMessage(ping, whole.subarray(2, whole.length - 2)).ok);
  });

  it('lists at most three issues, each with its path', () => {
    const result = parseMessage(health, '{"type":"health"}');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.reason.split('; ').length, 3);
      assert.match(result.reason, /^id: /);
    }
  });

  it('property: never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map((t) => Buffer.from(t))), (bytes) => {
        const result = parseMessage(health, bytes);
        assert.equal(typeof result.ok, 'boolean');
        if (!result.ok) assert.ok(result.reason.length > 0);
      }),
    );
  });

  it('never throws on deeply nested JSON', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(parseMessage(health, deep).ok, false);
  });
});
