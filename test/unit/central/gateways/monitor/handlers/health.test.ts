import assert from 'node:assert/strict';
import { aCore, aHealth, aSnapshot, connect, ofKind, trace, T0 } from '../../../builders.ts';

describe('central/gateways/monitor/handlers/health (DESIGN §4.2)', () => {
  it('ignores health on a link that has not said hello, or for another CP', () => {
    const { core } = aCore();
    core.restore(aSnapshot());
    const before = core.monitorHealth('L9', aHealth('CP1', 'ko'));
    assert.deepEqual(trace(before), []);
    connect(core, 'CP1', 'L1');
    core.monitorHealth('L1', aHealth('CP2', 'ko'));
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
  });

  describe('heartbeats', () => {
    it('stays connected while health arrives every heartbeat', () => {
      const { core, clock } = aCore();
      connect(core, 'CP1', 'L1');
      for (let i = 0; i < 10; i++) {
        clock.advance(1000);
        core.monitorHealth('L1', aHealth('CP1', 'ok'));
        core.tick();
      }
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
      assert.equal(core.cpView('CP1')?.lastSeenMs, T0 + 10_000);
    });

    it('marks a CP DISCONNECTED after 3 missed heartbeats and drops its link', () => {
      const { core, clock } = aCore();
      connect(core, 'CP1', 'L1');
      clock.advance(3_000);
      assert.deepEqual(trace(core.tick()), [], 'exactly 3 heartbeats is not yet missed');
      clock.advance(1);
      const effects = core.tick();
      assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
      assert.deepEqual(ofKind(effects, 'close-monitor-link').map((e) => e.linkId), ['L1']);
    });

    it('scales the threshold with heartbeatMs and announces it in welcome', () => {
      const { core, clock } = aCore({ heartbeatMs: 500, missedHeartbeats: 4 });
      const effects = connect(core, 'CP1', 'L1');
      const welcome = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(welcome.type === 'welcome' && welcome.heartbeatMs, 500);
      clock.advance(2_000);
      core.tick();
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
      clock.advance(1);
      core.tick();
      assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    });
  });
});
