import assert from 'node:assert/strict';
import { MalformedPayloadError } from '../../../bus/errors.ts';
import { subscribeMessages } from '../../../bus/typed-subscribe.ts';
import { deviceEvent, type DeviceEvent } from '../../../protocol/index.ts';
import { MemoryBus } from '../../helpers/memory-bus.ts';

describe('bus/typed-subscribe subscribeMessages', () => {
  it('hands the handler each valid message with its delivery, and throws a malformed one back to the bus', async () => {
    const bus = new MemoryBus();
    const received: Array<[DeviceEvent['type'], string]> = [];
    await subscribeMessages(bus, 'evc/cp/+/events', deviceEvent, (message, delivery) => void received.push([message.type, delivery.topic]));
    await bus.deliver('evc/cp/CP1/events', { type: 'state', id: 'e1', ts: 1, state: 'AVAILABLE' });
    await assert.rejects(bus.deliver('evc/cp/CP1/events', { type: 'state', id: 'e2', ts: 1, state: 'MELTING' }), (error: unknown) => error instanceof MalformedPayloadError && error.topic === 'evc/cp/CP1/events');
    await assert.rejects(bus.deliver('evc/cp/CP1/events', '{'), MalformedPayloadError);
    await bus.deliver('evc/cp/CP2/events', { type: 'state', id: 'e3', ts: 1, state: 'FAULTED' });
    assert.deepEqual(received, [['state', 'evc/cp/CP1/events'], ['state', 'evc/cp/CP2/events']]);
  });

  it('unsubscribes through the subscription it returns', async () => {
    const bus = new MemoryBus();
    const subscription = await subscribeMessages(bus, 'evc/cp/+/events', deviceEvent, () => assert.fail('unsubscribed'));
    await subscription.unsubscribe();
    await bus.deliver('evc/cp/CP1/events', { type: 'state', id: 'e1', ts: 1, state: 'AVAILABLE' });
  });
});
