import assert from 'node:assert/strict';
import { CpInbox, writeInboxEntry } from '../../../../central/app/cp-inbox.ts';
import { CpRegistry } from '../../../../central/app/cp-registry.ts';
import { DriverRegistry } from '../../../../central/app/driver-registry.ts';
import { CentralCore, type CoreInput } from '../../../../central/core/index.ts';
import { openStore, type Store } from '../../../../central/store/index.ts';
import { capturingLogger, type LogLine } from '../../../helpers/log-lines.ts';
import { removeDir, tempDataDir } from './central-fixture.ts';

const CP1 = { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4, maxPowerKw: 11 };

describe('central/app CpRegistry (who a CP is: a real store in a temp dir)', () => {
  let dataDir: string;
  let store: Store;
  let inbox: CpInbox;
  let core: CentralCore;
  let lines: LogLine[];
  let registry: CpRegistry;
  let drivers: DriverRegistry;

  beforeEach(async () => {
    dataDir = await tempDataDir();
    store = await openStore(dataDir);
    inbox = new CpInbox(dataDir, () => undefined);
    let ids = 0;
    core = new CentralCore({ now: () => 1_000, newId: () => `id-${++ids}` });
    const captured = capturingLogger();
    lines = captured.lines;
    drivers = new DriverRegistry({ store, dataDir, registration: 'closed', now: () => 1_000, logger: captured.logger });
    const submit = async (input: CoreInput) => void (await input(core));
    registry = new CpRegistry({ store, inbox, submit, logger: captured.logger, drivers });
  });
  afterEach(async () => {
    inbox.close();
    await store.close();
    await removeDir(dataDir);
  });

  it("checks a registered CP's secret, and says when the check went stale (the secret was reset)", async () => {
    await store.registerCp(CP1, 'right-secret');
    assert.equal((await registry.check('CP1', 'wrong')).result, 'mismatch');
    const verdict = await registry.check('CP1', 'right-secret');
    assert.equal(verdict.result, 'match');
    assert.equal(verdict.stillValid(), true);
    await store.registerCp(CP1, 'new-secret');
    assert.equal(verdict.stillValid(), false);
    assert.equal((await registry.check('CP9', 'anything')).result, 'none');
  });

  it('gives the stored config of a registered CP only', async () => {
    assert.equal(registry.storedConfig('CP1'), undefined);
    await store.registerCp(CP1, 's');
    assert.deepEqual(registry.storedConfig('CP1'), CP1);
  });

  it('takes in the CPs add-cp left in the inbox: the store has the secret, the core the CP; a CP already there is dropped', async () => {
    await writeInboxEntry(dataDir, CP1, 'added-secret');
    assert.equal((await registry.check('CP1', 'added-secret')).result, 'match', 'an unknown CP looks in the inbox first');
    assert.equal(core.hasCp('CP1'), true);
    assert.deepEqual(await inbox.pending(), []);
    await writeInboxEntry(dataDir, CP1, 'second-secret');
    await Promise.all([registry.takeInAddedCps(), registry.takeInAddedCps()]);
    assert.equal((await registry.check('CP1', 'added-secret')).result, 'match');
    assert.ok(lines.some((line) => line.level === 'warn' && /CP1 already exists; the new entry was dropped/.test(line.msg)));
    assert.deepEqual(await inbox.pending(), []);
  });

  describe('broker logins', () => {
    it('a registered CP logs in with its own secret only, never without one', async () => {
      await store.registerCp(CP1, 'right-secret');
      assert.deepEqual(await registry.authenticate('CP1', 'right-secret', 'CP1.engine'), { kind: 'cp', id: 'CP1' });
      assert.deepEqual(await registry.authenticate('CP1', 'right-secret', 'CP1.engine'), { kind: 'cp', id: 'CP1' }, 'again, from the cache');
      assert.equal(await registry.authenticate('CP1', 'wrong', 'CP1.engine'), null);
      assert.equal(await registry.authenticate('CP1', '', 'CP1.engine'), null);
      assert.equal(await registry.authenticate('CP1', undefined, 'CP1.engine'), null);
      await store.registerCp(CP1, 'new-secret');
      assert.equal(await registry.authenticate('CP1', 'right-secret', 'CP1.engine'), null, 'a reset secret is not let in from the cache');
    });

    it("an Engine whose CP is not registered yet is refused (it retries), whatever it brings", async () => {
      assert.equal(await registry.authenticate('CP2', 'x', 'CP2.engine'), null);
      assert.equal(await registry.authenticate('CP2', 'x', 'CP2.engine.1'), null);
      assert.ok(lines.some((line) => /Engine login refused: its CP is not registered yet/.test(line.msg)));
    });

    it('anyone else is a driver by that name, with its token as password', async () => {
      const { token } = (await drivers.add('D1'))!;
      assert.deepEqual(await registry.authenticate('D1', token, 'driver-D1'), { kind: 'driver', id: 'D1' });
      assert.equal(await registry.authenticate('D1', 'wrong', 'driver-D1'), null);
      assert.equal(await registry.authenticate('D2', 'x', 'driver-D2'), null);
      const noDrivers = new CpRegistry({ store, inbox, submit: async () => undefined, logger: capturingLogger().logger });
      assert.equal(await noDrivers.authenticate('D1', token, 'driver-D1'), null);
    });
  });
});
