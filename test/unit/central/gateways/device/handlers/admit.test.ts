import assert from 'node:assert/strict';
import { admitEvent, admittedCp } from '../../../../../../central/gateways/device/handlers/admit.ts';
import { aCore, aHealth, aHello, aStateEvent, connect, ofKind } from '../../../builders.ts';

describe('central/gateways/device/handlers/admit', () => {
  it('admitEvent finds the CP and remembers the event id per CP, so a redelivery is a duplicate', () => {
    const { core } = aCore();
    connect(core);
    const event = aStateEvent('AVAILABLE');
    const first = admitEvent(core.core, 'CP1', event);
    assert.equal(first.cp?.config.id, 'CP1');
    assert.equal(first.duplicate, false);
    assert.equal(admitEvent(core.core, 'CP1', event).duplicate, true);
    assert.equal(admitEvent(core.core, 'CP2', event).duplicate, false, 'the same id from another CP is another event');
    assert.equal(admitEvent(core.core, 'CP2', event).cp, undefined);
  });

  it('admittedCp: an event proves the Engine is on the bus even without its online flag (Kafka keeps no will)', () => {
    const { core } = aCore();
    core.monitorHello('link-CP1', aHello(), 'match');
    core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    const cp = admittedCp(core.core, 'CP1', aStateEvent('AVAILABLE'));
    assert.equal(cp?.config.id, 'CP1');
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    assert.ok(ofKind(core.core.takeEffects(), 'cp-updated').length > 0);
  });

  it('admittedCp ignores a duplicate or an unknown CP, and logs why', () => {
    const { core } = aCore();
    connect(core);
    core.core.takeEffects();
    const event = aStateEvent('AVAILABLE');
    assert.ok(admittedCp(core.core, 'CP1', event));
    assert.equal(admittedCp(core.core, 'CP1', event), undefined);
    assert.equal(admittedCp(core.core, 'CP9', aStateEvent('AVAILABLE')), undefined);
    const logs = ofKind(core.core.takeEffects(), 'log').map((e) => `${e.level} ${e.message}`);
    assert.deepEqual(logs, [`debug duplicate state ${event.id} from CP1; ignored`, 'warn state from unknown CP CP9; ignored']);
  });
});
