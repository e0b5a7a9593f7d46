import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { CoreInput } from '../../../../../../central/core/index.ts';
import { online } from '../../../../../../central/gateways/device/handlers/online.ts';
import { aCore, aHealth, aHello, connect, ofKind } from '../../../builders.ts';

/** The online handler on `core`, its operator notices collected. */
function onlineHandler(core: ReturnType<typeof aCore>['core']) {
  const notices: string[] = [];
  const context = {
    submit: (input: CoreInput) => Promise.resolve(input(core.core)),
    logger: pino({ level: 'silent' }),
    notice: (level: 'info' | 'warn', cpId: string, text: string) => void notices.push(`${level} ${cpId} ${text}`),
  };
  return { notices, run: (online_: boolean, retained = false) => online(context, 'CP1', { type: 'online', online: online_, retained }) };
}

describe('central/gateways/device/handlers/online (DESIGN §4.4, issue 12)', () => {
  it('keeps an Engine online flag that arrives before its CP\'s first hello (retained beats hello)', () => {
    const { core } = aCore();
    core.deviceOnline('CP1', true);
    core.monitorHello('link-CP1', aHello({ cpId: 'CP1' }), 'match');
    core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
  });

  it('forgets it when the Engine goes offline before the hello', () => {
    const { core } = aCore();
    core.deviceOnline('CP1', true);
    core.deviceOnline('CP1', false);
    core.monitorHello('link-CP1', aHello({ cpId: 'CP1' }), 'match');
    core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
    assert.equal(core.cpView('CP1')?.detail, 'Engine not on the device bus');
  });

  it('an Engine going offline turns a live CP DISCONNECTED, and online brings it back; both reach the operator feed', async () => {
    const { core } = aCore();
    connect(core);
    core.core.takeEffects();
    const handler = onlineHandler(core);
    await handler.run(false);
    assert.deepEqual([core.cpView('CP1')?.state, core.cpView('CP1')?.detail], ['DISCONNECTED', 'Engine not on the device bus']);
    assert.deepEqual(ofKind(core.core.takeEffects(), 'cp-updated').map((e) => e.cpId), ['CP1']);
    await handler.run(true, true);
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    assert.deepEqual(handler.notices, ['warn CP1 CP1 Engine offline on the device bus', 'info CP1 CP1 Engine online on the device bus (retained)']);
  });

  it('a flag that changes nothing emits nothing', async () => {
    const { core } = aCore();
    connect(core);
    core.core.takeEffects();
    await onlineHandler(core).run(true);
    assert.deepEqual(core.core.takeEffects(), []);
  });
});
