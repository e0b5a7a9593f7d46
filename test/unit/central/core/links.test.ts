import assert from 'node:assert/strict';
import { addCp, linkClosed, unbind } from '../../../../central/core/index.ts';
import { checkHeartbeats } from '../../../../central/core/links.ts';
import { aCore, aCpSnapshot, aSnapshot, charging, connect, ofKind, T0 } from '../builders.ts';

describe('central/core links (DESIGN §4.2)', () => {
  it('addCp adds a CP DISCONNECTED and tells the views; adding it again keeps its runtime state', () => {
    const { core } = aCore();
    const effects = core.core.collect((c) => void addCp(c, { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4 }));
    assert.deepEqual(effects, [{ kind: 'cp-updated', cpId: 'CP1' }]);
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');

    connect(core);
    core.core.collect((c) => void addCp(c, { id: 'CP1', location: { label: 'Hall' }, pricePerKwh: 0.5 }));
    assert.deepEqual([core.cpView('CP1')?.state, core.cpView('CP1')?.location, core.cpView('CP1')?.pricePerKwh], ['AVAILABLE', 'Hall', 0.5]);
  });

  it('linkClosed: the CP goes DISCONNECTED, last seen when the link was last heard, and says why', () => {
    const { core, clock } = aCore();
    connect(core);
    clock.advance(5_000);
    const effects = core.core.collect((c) => linkClosed(c, 'link-CP1', T0 + 2_000));
    const view = core.cpView('CP1')!;
    assert.deepEqual([view.state, view.lastSeenMs, view.detail], ['DISCONNECTED', T0 + 2_000, 'Monitor link lost']);
    assert.deepEqual(ofKind(effects, 'cp-updated').map((e) => e.cpId), ['CP1']);
    assert.equal(ofKind(effects, 'close-monitor-link').length, 0, 'the link is already gone');
  });

  it('linkClosed never moves last seen backwards, and ignores a link no CP is bound to', () => {
    const { core } = aCore();
    connect(core);
    core.core.collect((c) => linkClosed(c, 'link-CP1', T0 - 10_000));
    assert.equal(core.cpView('CP1')?.lastSeenMs, T0);
    assert.deepEqual(core.core.collect((c) => linkClosed(c, 'link-nobody')), []);
  });

  it('checkHeartbeats: after missedHeartbeats × heartbeatMs of silence the link is dropped and closed', () => {
    const { core, clock } = aCore({ heartbeatMs: 1_000, missedHeartbeats: 3 });
    connect(core);
    clock.advance(3_000);
    assert.deepEqual(core.core.collect(checkHeartbeats), [], 'exactly at the limit the link is still fresh');
    clock.advance(1);
    const effects = core.core.collect(checkHeartbeats);
    assert.deepEqual(ofKind(effects, 'close-monitor-link'), [{ kind: 'close-monitor-link', linkId: 'link-CP1', reason: 'no heartbeat for 3 × 1000 ms' }]);
    const view = core.cpView('CP1')!;
    assert.deepEqual([view.state, view.detail], ['DISCONNECTED', 'no heartbeat for 3 × 1000 ms']);
  });

  it('checkHeartbeats counts a frame the gateway heard even when the core did not see it yet (issue 11)', () => {
    let heardMs = T0;
    const { core, clock } = aCore({ heartbeatMs: 1_000, missedHeartbeats: 3, heardFrom: () => heardMs });
    connect(core);
    clock.advance(10_000);
    heardMs = T0 + 9_000;
    assert.deepEqual(core.core.collect(checkHeartbeats), []);
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
  });

  it('unbind drops the link and asks the gateway to close it; a session at the CP carries on', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    const effects = core.core.collect((c) => unbind(c, c.state.cp('CP1')!, 'operator reset'));
    assert.deepEqual(effects, [{ kind: 'close-monitor-link', linkId: 'link-CP1', reason: 'operator reset' }]);
    assert.equal(core.core.state.cp('CP1')!.linkId, undefined);
    assert.equal(core.core.state.session(sessionId)?.status, 'charging');
  });

  it('a restored CP has no link until its Monitor says hello', () => {
    const { core } = aCore();
    core.restore(aSnapshot({ cps: [aCpSnapshot({ lastSeenMs: T0 - 1 })] }));
    assert.deepEqual([core.cpView('CP1')?.state, core.cpView('CP1')?.detail], ['DISCONNECTED', 'no Monitor link']);
    connect(core);
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
  });
});
