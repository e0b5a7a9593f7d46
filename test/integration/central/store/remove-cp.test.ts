import assert from 'node:assert/strict';
import { openStore } from '../../../../central/store/index.ts';
import { useTempDir } from './temp-dir.ts';

describe('central/store removeCp (issue 14)', () => {
  const dir = useTempDir();

  it('forgets the CP and its secret, also after a restart (journal replay)', async () => {
    const store = await openStore(dir.path);
    const config = { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.35 };
    const { secret } = await store.addCp(config);
    await store.addCp({ ...config, id: 'CP2' });
    assert.equal(await store.checkSecret('CP1', secret), 'match');
    await store.removeCp('CP1');
    assert.equal(store.getCp('CP1'), undefined);
    assert.equal(await store.checkSecret('CP1', secret), 'none');
    await store.close();
    const reopened = await openStore(dir.path);
    try {
      assert.deepEqual((await reopened.loadSnapshot()).cps.map((cp) => cp.id), ['CP2']);
    } finally {
      await reopened.close();
    }
  });
});
