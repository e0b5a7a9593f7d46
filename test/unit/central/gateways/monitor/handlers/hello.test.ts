import assert from 'node:assert/strict';
import { pino } from 'pino';
import { acceptPending, type CoreInput, type CpConfig, type SecretCheck } from '../../../../../../central/core/index.ts';
import { hello } from '../../../../../../central/gateways/monitor/handlers/hello.ts';
import type { SecretAuthority } from '../../../../../../central/gateways/monitor/types.ts';
import { aCore, aCpSnapshot, aHealth, aHello, aSnapshot, connect, ofKind, trace } from '../../../builders.ts';

function monitorReplies(effects: ReturnType<typeof ofKind<'send-monitor'>>) {
  return effects.map((effect) => effect.message);
}

/** The hello handler on `core`, with a store that answers `check` (and `recheck` once `check` is stale). */
function helloHandler(core: ReturnType<typeof aCore>['core'], store: { first: SecretCheck; stale?: SecretCheck; stored?: CpConfig }) {
  const rechecks: string[] = [];
  const secrets: SecretAuthority = {
    check: () => Promise.resolve({ result: store.first, stillValid: () => store.stale === undefined }),
    recheck: (cpId) => {
      rechecks.push(cpId);
      return Promise.resolve({ result: store.stale!, stillValid: () => true });
    },
    storedConfig: () => store.stored,
  };
  const context = { submit: async (input: CoreInput) => void (await input(core.core)), secrets, logger: pino({ level: 'silent' }) };
  return { rechecks, run: (linkId: string, message = aHello()) => hello(context, { id: linkId, remoteAddress: '127.0.0.1' }, message) };
}

describe('central/gateways/monitor/handlers/hello: registration and links (DESIGN §4.2)', () => {
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

  describe('the handler: the secret checked before the queue, confirmed inside it', () => {
    it('asks the store again when its first verdict went stale (another hello registered the CP meanwhile)', async () => {
      const { core } = aCore();
      const handler = helloHandler(core, { first: 'none', stale: 'mismatch' });
      await handler.run('L1');
      assert.deepEqual(handler.rechecks, ['CP1']);
      const effects = core.core.takeEffects();
      assert.equal(ofKind(effects, 'register-cp').length, 0);
      const reply = ofKind(effects, 'send-monitor')[0]!.message;
      assert.equal(reply.type === 'reject' && reply.code, 'BAD_SECRET');
    });

    it("takes the operator's add-cp config over what the hello announces", async () => {
      const { core } = aCore({ registration: 'closed' });
      const stored: CpConfig = { id: 'CP1', location: { label: 'Depot' }, pricePerKwh: 0.55 };
      const handler = helloHandler(core, { first: 'match', stored });
      await handler.run('L1', aHello({ location: { label: 'Somewhere else' }, pricePerKwh: 0.1 }));
      assert.deepEqual(handler.rechecks, []);
      assert.equal(ofKind(core.core.takeEffects(), 'send-monitor')[0]!.message.type, 'welcome');
      assert.deepEqual([core.cpView('CP1')?.location, core.cpView('CP1')?.pricePerKwh], ['Depot', 0.55]);
    });
  });

  describe('approve registration (DESIGN §2 PENDING)', () => {
    it('holds an unknown CP as PENDING until the operator accepts it; its next hello registers it', () => {
      const { core } = aCore({ registration: 'approve' });
      const waiting = core.monitorHello('L1', aHello({ cpId: 'CP7' }), 'none');
      const reply = ofKind(waiting, 'send-monitor')[0]!.message;
      assert.equal(reply.type === 'reject' && reply.code, 'PENDING');
      assert.match(reply.type === 'reject' ? reply.message : '', /evc central accept CP7/);
      assert.equal(core.hasCp('CP7'), false);
      assert.deepEqual(core.core.pendingViews().map((view) => view.id), ['CP7']);

      core.core.collect((c) => acceptPending(c, 'CP7'));
      const accepted = core.monitorHello('L2', aHello({ cpId: 'CP7' }), 'none');
      assert.equal(ofKind(accepted, 'register-cp')[0]?.cp.id, 'CP7');
      assert.equal(ofKind(accepted, 'send-monitor')[0]!.message.type, 'welcome');
      assert.deepEqual(core.core.pendingViews(), [], 'acceptance is used up: CP7 is no longer pending');
      assert.equal(ofKind(accepted, 'pending-updated').length, 1, 'the views are told');
    });
  });
});
