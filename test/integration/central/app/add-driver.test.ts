import assert from 'node:assert/strict';
import { addDriver } from '../../../../central/app/add-driver.ts';
import { DataLock } from '../../../../central/app/data-lock.ts';
import { driverInboxIds, driverInboxFile } from '../../../../central/app/driver-inbox.ts';
import { openStore } from '../../../../central/store/index.ts';
import { EvcError, UsageError, driverKeyFromToken } from '../../../../protocol/index.ts';
import { readFile } from 'node:fs/promises';
import { removeDir, tempDataDir } from './central-fixture.ts';

describe('central/app add-driver (DESIGN §6 evc central add-driver)', () => {
  let dataDir: string;
  beforeEach(async () => (dataDir = await tempDataDir()));
  afterEach(() => removeDir(dataDir));

  it('with Central stopped writes the store itself: the key derived from the token, never the token', async () => {
    const result = await addDriver(dataDir, 'D1');
    assert.equal(result.via, 'store');
    const store = await openStore(dataDir);
    try {
      assert.equal(store.getDriver('D1')?.key, driverKeyFromToken('D1', result.token));
    } finally {
      await store.close();
    }
    await assert.rejects(addDriver(dataDir, 'D1'), (error: unknown) => error instanceof EvcError && error.code === 'DRIVER_EXISTS' && /evc central revoke-driver D1/.test(error.message));
  });

  it('with Central running hands the key over in its inbox, and leaves the store to Central', async () => {
    const lock = await DataLock.acquire(dataDir, 'central');
    try {
      const result = await addDriver(dataDir, 'D1');
      assert.equal(result.via, 'running-central');
      assert.deepEqual(await driverInboxIds(dataDir), ['D1']);
      assert.deepEqual(JSON.parse(await readFile(driverInboxFile(dataDir, 'D1'), 'utf8')), { key: driverKeyFromToken('D1', result.token) });
    } finally {
      await lock.release();
    }
  });

  it('refuses a driver id that is not 1-64 letters, digits, _ or -', async () => {
    await assert.rejects(addDriver(dataDir, 'D 1'), (error: unknown) => error instanceof UsageError && /driver id "D 1": use 1-64 letters/.test(error.message));
  });
});
