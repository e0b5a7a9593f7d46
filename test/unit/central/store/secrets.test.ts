import assert from 'node:assert/strict';
import { generateSecret, hashSecret, verifySecret } from '../../../../central/store/index.ts';
import { looksMachineMade } from '../../../../base/machine-secret.ts';

describe('central/store secrets (scrypt for chosen ones, SHA-256 for machine-made ones)', () => {
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

  it('hashes a machine-made secret with salted SHA-256, fast, and verifies it', async () => {
    const secret = generateSecret();
    const hash = await hashSecret(secret);
    assert.match(hash, /^sha256\$[\w-]+\$[\w-]{43}$/);
    assert.equal(await verifySecret(secret, hash), true);
    assert.equal(await verifySecret(`${secret.slice(0, -1)}x`, hash), false);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await verifySecret(secret, hash);
    assert.ok(performance.now() - started < 1000, 'a thousand checks take well under a second');
  });

  it('keeps scrypt for anything a person may have chosen', () => {
    for (const chosen of ['open-sesame', 'correct horse battery staple and more words', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'mylongpasswordforthechargingpoint12', 'MyLongPasswordForTheChargingPoint1']) {
      assert.equal(looksMachineMade(chosen), false, chosen);
    }
    const machine = Array.from({ length: 2000 }, generateSecret).filter(looksMachineMade).length;
    assert.equal(machine, 2000, 'every generated secret counts as machine-made');
  });

  it('answers false for a malformed SHA-256 hash', async () => {
    for (const bad of ['sha256$$', 'sha256$c2FsdA$aGFzaA', 'sha256$c2FsdA']) assert.equal(await verifySecret(generateSecret(), bad), false, bad);
  });
});
