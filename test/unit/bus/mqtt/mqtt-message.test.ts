import assert from 'node:assert/strict';
import { mqttMessage } from '../../../../bus/mqtt/mqtt-message.ts';

describe('bus/mqtt/mqtt-message', () => {
  it('keys an evc/ topic by its owner and keeps the retained flag', () => {
    const payload = Buffer.from('{}');
    assert.deepEqual(mqttMessage('evc/cp/CP1/events', payload, true), { topic: 'evc/cp/CP1/events', payload, retained: true, key: 'CP1' });
    assert.deepEqual(mqttMessage('evc/drivers/D1/events', payload, false), { topic: 'evc/drivers/D1/events', payload, retained: false, key: 'D1' });
  });

  it('leaves a topic outside evc/ without a key', () => {
    assert.equal('key' in mqttMessage('other/topic', Buffer.alloc(0), false), false);
  });
});
