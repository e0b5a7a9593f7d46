import assert from 'node:assert/strict';
import { generateSecret, hashSecret, verifySecret } from '../../../../central/store/index.ts';

describe('central/store secrets (scrypt)', () => {
  it('verifies the secret it hashed and refuses another', async () => {
    const hash = await hashSecret('correct horse');
    assert.match(hash, /^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.equal(await verifySecret('correct horse', hash), true);
    assert.equal(await verifySecret('correct horsE', hash), false);
    assert.equal(await verifySecret('', hash), false);
  });

  it('salts every hash, so the same secret hashes differently', async () => {
    const [a, b] = await Promise.all([hashSecret('same'), hashSecret('same')]);
    assert.notEqual(a, b);
    assert.equal(await verifySecret('same', b), true);
  });

  it('answers false, never throws, for a malformed or hostile hash', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$2$3', 'bcrypt$16384$8$1$c2FsdA$aGFzaA', 'scrypt$x$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$$', `scrypt$${2 ** 30}$8$1$c2FsdA$aGFzaA`]) {
      assert.equal(await verifySecret('s', bad), false, bad);
    }
  });

  it('generates distinct 32-character url-safe secrets', () => {
    const secrets = new Set(Array.from({ length: 100 }, generateSecret));
    assert.equal(secrets.size, 100);
    for (const secret of secrets) assert.match(secret, /^[A-Za-z0-9_-]{32}$/);
  });
});
