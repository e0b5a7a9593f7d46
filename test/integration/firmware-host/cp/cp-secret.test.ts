import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cpSecretFile, loadOrCreateCpSecret } from '../../../../firmware-host/cp/cp-secret.ts';

describe('firmware-host/cp/cp-secret (issue 9: no CP without a real secret)', function () {
  let dir: string;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(tmpdir(), 'evc-cp-secret-'));
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a random secret at first start, keeps it owner-only, and returns the same one after', async function () {
    const data = path.join(dir, 'engine-CP1');
    const first = await loadOrCreateCpSecret(data);
    assert.equal(first.created, true);
    assert.match(first.secret, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(first.secret, 'none');
    assert.equal((await stat(cpSecretFile(data))).mode & 0o777, 0o600);
    const again = await loadOrCreateCpSecret(data);
    assert.deepEqual([again.secret, again.created], [first.secret, false]);
    const elsewhere = await loadOrCreateCpSecret(path.join(dir, 'engine-CP2'));
    assert.notEqual(elsewhere.secret, first.secret);
  });

  it('an Engine and a Monitor starting at once agree on one secret', async function () {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateCpSecret(dir)));
    assert.equal(new Set(results.map((r) => r.secret)).size, 1);
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal((await readFile(cpSecretFile(dir), 'utf8')).trim(), results[0]!.secret);
  });

  it('refuses a damaged secret file, naming it, and leaves it as it was', async function () {
    await writeFile(cpSecretFile(dir), '');
    await assert.rejects(loadOrCreateCpSecret(dir), (error: Error) => error.message.includes(cpSecretFile(dir)) && /does not hold a secret/.test(error.message));
    assert.equal(await readFile(cpSecretFile(dir), 'utf8'), '');
  });
});
