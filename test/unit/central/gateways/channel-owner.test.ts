import assert from 'node:assert/strict';
import { channelOwner } from '../../../../central/gateways/channel-owner.ts';

const delivery = (topic: string) => ({ topic, payload: Buffer.alloc(0) });

describe('central/gateways/channel-owner', () => {
  it('the CP or driver the topic names is the one the channel proves', () => {
    assert.equal(channelOwner(delivery('evc/cp/CP1/events'), 'cp'), 'CP1');
    assert.equal(channelOwner(delivery('evc/drivers/D1/requests'), 'drivers'), 'D1');
  });

  it('undefined for the other scope or a topic of another shape', () => {
    assert.equal(channelOwner(delivery('evc/drivers/D1/requests'), 'cp'), undefined);
    assert.equal(channelOwner(delivery('evc/cp/CP1/events'), 'drivers'), undefined);
    assert.equal(channelOwner(delivery('evc/cp/CP1'), 'cp'), undefined);
    assert.equal(channelOwner(delivery('other/cp/CP1/events'), 'cp'), undefined);
    assert.equal(channelOwner(delivery('evc/cp//events'), 'cp'), undefined);
  });
});
