// Issue 12: one source of truth for the device bus, AVAILABLE only with the Engine on it, no false alarms.
import assert from 'node:assert/strict';
import type { Bye } from '../../../../../../protocol/index.ts';
import { aCore, aHealth, aHello, connect, ofKind } from '../../../builders.ts';

const aBye = (cpId = 'CP1'): Bye => ({ type: 'bye', id: `bye-${cpId}`, ts: 0, cpId, reason: 'stopped' });

describe('central: bye, starting, the Engine on the device bus and welcome.deviceBus (issue 12)', () => {
  it('a Monitor that says goodbye takes its CP straight to DISCONNECTED, saying so, and the link is closed', () => {
    const { core } = aCore();
    connect(core);
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    const effects = core.monitorMessage('link-CP1', aBye());
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    assert.match(core.cpView('CP1')?.detail ?? '', /said goodbye/);
    assert.equal(ofKind(effects, 'close-monitor-link').length, 1);
  });

  it('health `starting` is no fault: DISCONNECTED ("Engine starting"), then AVAILABLE once the Engine answers', () => {
    const { core } = aCore();
    core.monitorHello('L1', aHello(), 'match');
    core.deviceOnline('CP1', true);
    core.monitorHealth('L1', aHealth('CP1', 'starting'));
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    assert.equal(core.cpView('CP1')?.detail, 'Engine starting');
    core.monitorHealth('L1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    assert.equal(core.cpView('CP1')?.detail, undefined);
  });

  it('a healthy Monitor without the Engine on the device bus is DISCONNECTED: "Engine not on the device bus"', () => {
    const { core } = aCore();
    core.monitorHello('L1', aHello(), 'match');
    core.monitorHealth('L1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    assert.equal(core.cpView('CP1')?.detail, 'Engine not on the device bus');
    core.deviceOnline('CP1', true);
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    core.deviceOnline('CP1', false);
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
  });

  it('on a device bus with no presence (Kafka) the Monitor link stands for the Engine: a restarted Central sees an idle CP AVAILABLE', () => {
    const { core } = aCore({ deviceBusHasPresence: false });
    core.monitorHello('L1', aHello(), 'match');
    core.monitorHealth('L1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    core.monitorHealth('L1', aHealth('CP1', 'unreachable'));
    assert.equal(core.cpView('CP1')?.state, 'FAULTED');
  });

  it('welcome names the device bus Central was given for its CPs', () => {
    const { core } = aCore({ deviceBusForCps: () => 'mqtt://0.0.0.0:1884' });
    const effects = core.monitorHello('L1', aHello(), 'match');
    const welcome = ofKind(effects, 'send-monitor').map((effect) => effect.message).find((message) => message.type === 'welcome');
    assert.equal(welcome?.type === 'welcome' ? welcome.deviceBus : undefined, 'mqtt://0.0.0.0:1884');
  });
});
