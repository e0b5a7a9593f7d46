import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addCp } from '../../../../central/app/index.ts';
import { openStore } from '../../../../central/store/index.ts';

const AWKWARD_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('central/store: any valid id is a key (issue 9)', function () {
  let dataDir: string;

  beforeEach(async function () {
    dataDir = await mkdtemp(path.join(tmpdir(), 'evc-ids-'));
  });

  afterEach(async function () {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('add-cp takes constructor, toString and __proto__ on an empty store, and they survive a restart', async function () {
    for (const id of AWKWARD_IDS) {
      const result = await addCp({ dataDir, config: { id, location: { label: `bay ${id}` }, pricePerKwh: 0.3 } });
      assert.match(result.secret, /^[A-Za-z0-9_-]{32}$/);
    }
    await assert.rejects(addCp({ dataDir, config: { id: '__proto__', location: { label: 'again' }, pricePerKwh: 0.3 } }), /already exists/);
    const store = await openStore(dataDir);
    try {
      assert.deepEqual(store.listCps().map((cp) => cp.id).sort(), [...AWKWARD_IDS].sort());
      assert.equal(store.getCp('__proto__')?.location.label, 'bay __proto__');
      assert.equal(store.getCp('isPrototypeOf'), undefined);
      const snapshot = await store.loadSnapshot();
      assert.equal(snapshot.cps.length, AWKWARD_IDS.length);
    } finally {
      await store.close();
    }
  });
});
