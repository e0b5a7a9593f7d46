import assert from 'node:assert/strict';
import { UnclaimedMessages } from '../../../../bus/mqtt/unclaimed-messages.ts';
import type { BusMessage } from '../../../../bus/bus.ts';

const aMessage = (topic: string, text: string): BusMessage => ({ topic, payload: Buffer.from(text) });
const texts = (messages: BusMessage[]): string[] => messages.map((m) => m.payload.toString());

describe('bus/mqtt/unclaimed-messages', function () {
  it('hands held messages to the first matching pattern, oldest first, once', function () {
    const held = new UnclaimedMessages();
    held.hold(aMessage('evc/drivers/D1/events', '1'));
    held.hold(aMessage('evc/cp/CP1/cmd', 'x'));
    held.hold(aMessage('evc/drivers/D1/events', '2'));
    assert.deepEqual(texts(held.claim('evc/drivers/+/events')), ['1', '2']);
    assert.deepEqual(texts(held.claim('evc/drivers/+/events')), []);
    assert.equal(held.size, 1);
  });

  it('drops the oldest over its limit and says so', function () {
    const dropped: string[] = [];
    const held = new UnclaimedMessages(2, (message) => dropped.push(message.payload.toString()));
    for (const text of ['a', 'b', 'c']) held.hold(aMessage('t', text));
    assert.deepEqual(dropped, ['a']);
    assert.deepEqual(texts(held.claim('#')), ['b', 'c']);
  });
});
