import assert from 'node:assert/strict';
import { HandlerRegistry } from '../../../bus/handler-registry.ts';
import { HandlerError, MalformedPayloadError } from '../../../bus/errors.ts';
import type { BusMessage } from '../../../bus/bus.ts';

const aMessage = (topic: string): BusMessage => ({ topic, payload: Buffer.from('x') });

describe('bus/handler-registry', function () {
  it('calls every handler whose pattern matches, and says how many', function () {
    const registry = new HandlerRegistry();
    const calls: string[] = [];
    registry.add('evc/cp/+/events', () => void calls.push('all'));
    registry.add('evc/cp/CP1/#', () => void calls.push('cp1'));
    registry.add('evc/drivers/+/events', () => void calls.push('drivers'));
    assert.equal(registry.dispatch(aMessage('evc/cp/CP1/events'), assert.fail), 2);
    assert.deepEqual(calls.sort(), ['all', 'cp1']);
    assert.equal(registry.dispatch(aMessage('evc/cp/CP2/cmd'), assert.fail), 0);
  });

  it('says when a pattern gets its first handler and when it loses its last', function () {
    const registry = new HandlerRegistry();
    const first = registry.add('a/b', () => {});
    const second = registry.add('a/b', () => {});
    assert.equal(first.first, true);
    assert.equal(second.first, false);
    assert.equal(first.remove(), false);
    assert.equal(first.remove(), false, 'removing twice changes nothing');
    assert.deepEqual(registry.patterns, ['a/b']);
    assert.equal(second.remove(), true);
    assert.deepEqual(registry.patterns, []);
  });

  it('keeps the same function added twice as two registrations', function () {
    const registry = new HandlerRegistry();
    let calls = 0;
    const handler = (): void => void calls++;
    const one = registry.add('t', handler);
    registry.add('t', handler);
    one.remove();
    registry.dispatch(aMessage('t'), assert.fail);
    assert.equal(calls, 1);
  });

  it('turns a throw and a rejection into HandlerErrors and still calls the other handlers', async function () {
    const registry = new HandlerRegistry();
    const errors: Error[] = [];
    let reached = false;
    registry.add('t', () => {
      throw new Error('sync boom');
    });
    registry.add('t', async () => {
      throw new Error('async boom');
    });
    registry.add('t', () => void (reached = true));
    registry.dispatch(aMessage('t'), (error) => errors.push(error));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reached, true);
    assert.deepEqual(
      errors.map((error) => [error instanceof HandlerError, error.message]),
      [
        [true, 'a handler for t failed: sync boom'],
        [true, 'a handler for t failed: async boom'],
      ],
    );
  });

  it('passes a MalformedPayloadError on unwrapped', function () {
    const registry = new HandlerRegistry();
    const errors: Error[] = [];
    const malformed = new MalformedPayloadError('t', 'not JSON');
    registry.add('t', () => {
      throw malformed;
    });
    registry.dispatch(aMessage('t'), (error) => errors.push(error));
    assert.deepEqual(errors, [malformed]);
  });
});
