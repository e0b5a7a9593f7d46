import assert from 'node:assert/strict';
import { aCore, aCpSnapshot, aHealth, aHello, aSnapshot, connect, ofKind, trace, T0 } from '../../../builders.ts';

function monitorReplies(effects: ReturnType<typeof ofKind<'send-monitor'>>) {
  return effects.map((effect) => effect.message);
}

describe('central/core registration (DESIGN §4.2)', () => {
  describe('open registration (trust on first use)', () => {
    it('registers an unknown CP with its secret, then welcomes it', () => {
      const { core } = aCore({ registration: 'open' });
      const effects = core.monitorHello('L1', aHello({ cpId: 'CP7', location: { label: 'Dock 3', lat: 41.6 }, pricePerKwh: 0.42, maxPowerKw: 22 }), 'none');
      assert.deepEqual(ofKind(effects, 'register-cp'), [
        { kind: 'register-cp', cp: { id: 'CP7', location: { label: 'Dock 3', lat: 41.6 }, pricePerKwh: 0.42, maxPowerKw: 22 }, secret: 's3cret' },
      ]);
      const order = trace(effects);
      assert.ok(order.indexOf('register-cp') < order.indexOf('send-monitor:welcome'), 'stored before welcomed');
      assert.deepEqual(monitorReplies(ofKind(effects, 'send-monitor')).map((m) => m.type === 'welcome' && m.heartbeatMs), [1000]);
      assert.equal(core.cpView('CP7')?.state, 'DISCONNECTED', 'until the Monitor reports the Engine');
      core.deviceOnline('CP7', true);
      core.monitorHealth('L1', aHealth('CP7', 'ok'));
      assert.equal(core.cpView('CP7')?.state, 'AVAILABLE');
      assert.equal(core.cpView('CP7')?.location, 'Dock 3');
    });

    it('gives a CP that names no price the default price', () => {
      const { core } = aCore({ defaultPricePerKwh: 0.3 });
      const { pricePerKwh: _none, ...hello } = aHello({ cpId: 'CP8' });
      core.monitorHello('L1', hello, 'none');
      assert.equal(core.cpView('CP8')?.pricePerKwh, 0.3);
    });

    it('rejects a wrong secret for a known CP', () => {
      const { core } = aCore();
      core.restore(aSnapshot());
      const effects = core.monitorHello('L1', aHello(), 'mismatch');
      assert.deepEqual(trace(effects), ['rejected', 'send-monitor:reject', 'close-monitor-link']);
      const reply = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(reply.type === 'reject' && reply.code, 'BAD_SECRET');
      assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    });

    it('adopts the secret of a known CP that has none on file', () => {
      const { core } = aCore();
      core.restore(aSnapshot());
      const effects = core.monitorHello('L1', aHello(), 'none');
      assert.equal(ofKind(effects, 'register-cp').length, 1);
      core.deviceOnline('CP1', true);
      core.monitorHealth('L1', aHealth('CP1', 'ok'));
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });
  });

  describe('closed registration', () => {
    it('rejects an unknown CP with UNKNOWN_CP and says what to do', () => {
      const { core } = aCore({ registration: 'closed' });
      const effects = core.monitorHello('L1', aHello({ cpId: 'CP9' }), 'none');
      const reply = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(reply.type, 'reject');
      assert.equal(reply.type === 'reject' && reply.code, 'UNKNOWN_CP');
      assert.match(reply.type === 'reject' ? reply.message : '', /evc central add-cp CP9/);
      assert.deepEqual(ofKind(effects, 'close-monitor-link').map((e) => e.linkId), ['L1']);
      assert.equal(core.hasCp('CP9'), false);
      assert.equal(ofKind(effects, 'register-cp').length, 0);
    });

    it('welcomes a pre-added CP whose secret matches', () => {
      const { core } = aCore({ registration: 'closed' });
      core.restore(aSnapshot());
      const effects = core.monitorHello('L1', aHello(), 'match');
      assert.deepEqual(trace(effects).slice(0, 1), ['send-monitor:welcome']);
      assert.equal(ofKind(effects, 'register-cp').length, 0);
    });

    it('rejects a known CP with no secret on file (BAD_SECRET), never adopting one', () => {
      const { core } = aCore({ registration: 'closed' });
      core.restore(aSnapshot());
      const effects = core.monitorHello('L1', aHello(), 'none');
      const reply = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(reply.type === 'reject' && reply.code, 'BAD_SECRET');
      assert.equal(ofKind(effects, 'register-cp').length, 0);
    });
  });

  describe('links', () => {
    it('rejects a second connection for a CP whose link is live (DUPLICATE)', () => {
      const { core } = aCore();
      connect(core, 'CP1', 'L1');
      const effects = core.monitorHello('L2', aHello(), 'match');
      const reply = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(reply.type === 'reject' && reply.code, 'DUPLICATE');
      assert.deepEqual(ofKind(effects, 'close-monitor-link').map((e) => e.linkId), ['L2']);
      // The first link still works.
      core.monitorHealth('L1', aHealth('CP1', 'ko'));
      assert.equal(core.cpView('CP1')?.state, 'FAULTED');
    });

    it('replaces a link whose heartbeats stopped, closing the old one', () => {
      const { core, clock } = aCore();
      connect(core, 'CP1', 'L1');
      clock.advance(3_500);
      const effects = core.monitorHello('L2', aHello(), 'match');
      assert.deepEqual(ofKind(effects, 'close-monitor-link').map((e) => e.linkId), ['L1']);
      assert.equal(ofKind(effects, 'send-monitor')[0]!.message.type, 'welcome');
      core.monitorHealth('L2', aHealth('CP1', 'ok'));
      core.monitorHealth('L1', aHealth('CP1', 'ko'));
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE', 'the old link no longer speaks for CP1');
    });

    it('welcomes a repeated hello on the same link', () => {
      const { core } = aCore();
      connect(core, 'CP1', 'L1');
      const effects = core.monitorHello('L1', aHello(), 'match');
      assert.equal(ofKind(effects, 'send-monitor')[0]!.message.type, 'welcome');
    });

    it('rejects a hello for another CP on a link that already speaks for one (BAD_REQUEST)', () => {
      const { core } = aCore();
      connect(core, 'CP1', 'L1');
      const effects = core.monitorHello('L1', aHello({ cpId: 'CP2' }), 'none');
      const reply = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(reply.type === 'reject' && reply.code, 'BAD_REQUEST');
      assert.equal(core.hasCp('CP2'), false);
    });

    it("keeps the stored price over a hello's and fills a missing maxPowerKw", () => {
      const { core } = aCore();
      core.restore(aSnapshot({ cps: [aCpSnapshot({ pricePerKwh: 0.5 })] }));
      const effects = core.monitorHello('L1', aHello({ pricePerKwh: 0.9, maxPowerKw: 11 }), 'match');
      assert.equal(core.cpView('CP1')?.pricePerKwh, 0.5);
      assert.equal(core.cpView('CP1')?.maxPowerKw, 11);
      assert.ok(ofKind(effects, 'persist-cp').some((e) => e.cp.maxPowerKw === 11));
    });

    it('ignores health on a link that has not said hello, or for another CP', () => {
      const { core } = aCore();
      core.restore(aSnapshot());
      const before = core.monitorHealth('L9', aHealth('CP1', 'ko'));
      assert.deepEqual(trace(before), []);
      connect(core, 'CP1', 'L1');
      core.monitorHealth('L1', aHealth('CP2', 'ko'));
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });

    it('goes DISCONNECTED when the link closes, AVAILABLE again on a new hello', () => {
      const { core } = aCore();
      connect(core, 'CP1', 'L1');
      core.monitorLinkClosed('L1');
      assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
      core.monitorHello('L2', aHello(), 'match');
      assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED', 'until the Monitor reports the Engine');
      core.monitorHealth('L2', aHealth('CP1', 'ok'));
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });
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
