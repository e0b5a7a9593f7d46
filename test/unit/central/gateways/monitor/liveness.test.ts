import assert from 'node:assert/strict';
import { LinkLiveness } from '../../../../../central/gateways/monitor/liveness.ts';

describe('central/gateways/monitor LinkLiveness (DESIGN §4.2, issue 11)', () => {
  it('judges a welcomed link silent only after no frame for longer than the limit', () => {
    const liveness = new LinkLiveness();
    liveness.heard('L1', 0);
    liveness.welcomed('L1', 'CP1');
    liveness.heard('L2', 0); // never welcomed: the hello timeout deals with it
    assert.deepEqual(liveness.silent(3000, 3000), []);
    assert.deepEqual(liveness.silent(3001, 3000), ['L1']);
    liveness.heard('L1', 2500);
    assert.deepEqual(liveness.silent(5000, 3000), []);
    assert.equal(liveness.lastHeard('L1'), 2500);
    liveness.forget('L1');
    assert.equal(liveness.lastHeard('L1'), undefined);
  });

  it('forwards the first health after welcome and every change, not a repeated verdict', () => {
    const liveness = new LinkLiveness();
    liveness.heard('L1', 0);
    assert.equal(liveness.mustForward('L1', { cpId: 'CP1', engine: 'ok' }), true, 'before welcome: the core decides');
    liveness.welcomed('L1', 'CP1');
    assert.equal(liveness.mustForward('L1', { cpId: 'CP1', engine: 'ok' }), true);
    assert.equal(liveness.mustForward('L1', { cpId: 'CP1', engine: 'ok' }), false);
    assert.equal(liveness.mustForward('L1', { cpId: 'CP1', engine: 'ko' }), true);
    assert.equal(liveness.mustForward('L1', { cpId: 'CP1', engine: 'ko' }), false);
    assert.equal(liveness.mustForward('L1', { cpId: 'CP2', engine: 'ko' }), true, 'another CP on this link: the core logs it');
    liveness.welcomed('L1', 'CP1');
    assert.equal(liveness.mustForward('L1', { cpId: 'CP1', engine: 'ko' }), true, 'a new welcome: the verdict is news again');
  });
});
