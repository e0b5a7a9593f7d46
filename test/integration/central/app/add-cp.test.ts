import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { addCp } from '../../../../central/app/index.ts';
import { inboxDir, writeInboxEntry } from '../../../../central/app/cp-inbox.ts';
import { openStore } from '../../../../central/store/index.ts';
import { EvcError, UsageError } from '../../../../protocol/index.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';

const config = { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4 };

describe('central/app add-cp (DESIGN §6 evc central add-cp)', () => {
  let dataDir: string;
  let central: TestCentral | undefined;
  beforeEach(async () => (dataDir = await tempDataDir()));
  afterEach(async () => {
    await central?.handle.close();
    central = undefined;
    await removeDir(dataDir);
  });

  it('with Central stopped writes the store itself: the CP and its secret’s hash', async () => {
    const result = await addCp({ dataDir, config });
    assert.equal(result.via, 'store');
    assert.match(result.secret, /^\S{16,}$/);
    const store = await openStore(dataDir);
    try {
      assert.equal(store.getCp('CP1')?.location.label, 'Lab 1');
      assert.equal(await store.checkSecret('CP1', result.secret), 'match');
    } finally {
      await store.close();
    }
    await assert.rejects(addCp({ dataDir, config }), EvcError);
  });

  it('refuses bad values with a usage error naming the flag, and cleans the label', async () => {
    const refused = (overrides: object, message: RegExp) => assert.rejects(addCp({ dataDir, config: { ...config, ...overrides } }), (error: unknown) => error instanceof UsageError && message.test(error.message));
    await refused({ id: 'cp/1' }, /CP id "cp\/1": use 1-64 letters/);
    await refused({ pricePerKwh: -1 }, /--price must be 0 to/);
    await refused({ maxPowerKw: 0 }, /--power-kw must be above 0/);
    await refused({ location: { label: '' } }, /--location must not be empty/);
    await addCp({ dataDir, config: { ...config, location: { label: 'Lab\u001b[31m 1' } } });
    const store = await openStore(dataDir);
    try {
      assert.doesNotMatch(store.getCp('CP1')!.location.label, /\u001b/);
    } finally {
      await store.close();
    }
  });

  it('refuses a CP already waiting in the inbox', async () => {
    await writeInboxEntry(dataDir, config, 's');
    await assert.rejects(addCp({ dataDir, config }), (error: unknown) => error instanceof EvcError && error.code === 'CP_EXISTS' && /already waiting for Central/.test(error.message));
  });

  it('with Central running hands the CP over through the inbox, and says when Central took it in', async () => {
    central = await startCentral(dataDir, { registration: 'closed' });
    const result = await addCp({ dataDir, config, waitMs: 10_000 });
    assert.deepEqual([result.via, result.takenIn], ['running-central', true]);
    await assert.rejects(access(path.join(inboxDir(dataDir), 'CP1.json')), { code: 'ENOENT' });
    assert.equal(central.operations.cpViews().some((view) => view.id === 'CP1'), true);
  });
});
