import assert from 'node:assert/strict';
import { pino } from 'pino';
import { CoreInputs } from '../../../../central/app/core-inputs.ts';
import type { Effect } from '../../../../central/core/index.ts';
import { openStore, type Store } from '../../../../central/store/index.ts';
import { aCharge, aCore, aHealth, aHello, aSessionEnded, aSessionStarted, aTelemetry, driverMessages, type TestCentral } from '../../../unit/central/builders.ts';
import { useTempDir } from './temp-dir.ts';

/** The effects carried out the way Central does (CoreInputs: storage in order, awaiting durable ones). */
async function carryOut(core: TestCentral, store: Store, effects: Effect[]): Promise<Effect[]> {
  const noop = () => undefined;
  const inputs = new CoreInputs({
    core: core.core,
    store,
    outlets: { sendDevice: noop, sendDriver: noop, sendMonitor: noop, closeMonitorLink: noop, scheduleTick: noop },
    listener: { cpUpdated: noop, cpRemoved: noop, pendingUpdated: noop, sessionEnded: noop, logged: noop, rejected: noop },
    logger: pino({ level: 'silent' }),
  });
  await inputs.carryOut(effects);
  await store.flush();
  return effects;
}

describe('central core + store: a restart keeps CPs, secrets and sessions', () => {
  const dir = useTempDir();

  it('a CP registered on first use and a running session survive a restart; the ticket lands in the ledger', async () => {
    let store = await openStore(dir.path);
    let { core } = aCore({ registration: 'open' });
    const step = (effects: Effect[]) => carryOut(core, store, effects);

    const hello = aHello({ cpId: 'CP1', secret: 'first-use-secret', pricePerKwh: 0.3 });
    await step(core.monitorHello('L1', hello, await store.checkSecret('CP1', hello.secret)));
    await step(core.deviceOnline('CP1', true));
    await step(core.monitorHealth('L1', aHealth('CP1', 'ok')));
    const accepted = driverMessages(await step(core.driverRequest(aCharge('D1', 'CP1'))), 'D1', 'accepted');
    const sessionId = accepted[0]!.sessionId!;
    await step(core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1')));
    await step(core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1.5)));
    await store.close();

    // Central restarts.
    store = await openStore(dir.path);
    core = aCore({ registration: 'closed' }).core;
    await step(core.restore(await store.loadSnapshot()));
    assert.deepEqual(core.cpViews().map((v) => [v.id, v.state, v.driverId, v.pricePerKwh]), [['CP1', 'DISCONNECTED', 'D1', 0.3]]);
    assert.equal(await store.checkSecret('CP1', 'wrong'), 'mismatch');
    const verdict = await store.checkSecret('CP1', 'first-use-secret');
    assert.equal(verdict, 'match', 'the first-use secret is now required, even with registration closed');
    await step(core.monitorHello('L2', hello, verdict));
    await step(core.deviceOnline('CP1', true)); // the Engine's retained online flag, as the broker hands it over
    await step(core.monitorHealth('L2', aHealth('CP1', 'ok')));
    assert.equal(core.cpView('CP1')?.state, 'CHARGING');

    const ended = await step(core.deviceEvent('CP1', aSessionEnded(sessionId, { kWh: 2, reason: 'unplugged' })));
    assert.equal(driverMessages(ended, 'D1', 'ticket')[0]!.amount, 0.6);
    const [line] = await store.latestSessions(1);
    assert.deepEqual([line!.sessionId, line!.kWh, line!.amount, line!.reason], [sessionId, 2, 0.6, 'unplugged']);
    assert.deepEqual((await store.loadSnapshot()).sessions, []);
    await store.close();
  });
});
