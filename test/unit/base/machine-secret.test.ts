import assert from 'node:assert/strict';
import { generateMachineSecret, looksMachineMade } from '../../../base/machine-secret.ts';

describe('base/machine-secret', () => {
  it('tells a random-looking secret from one a person chose', () => {
    assert.equal(looksMachineMade('Qm7x_Zp3kL9vT2sW8nR4yB6cD1fH5jA0'), true);
    for (const chosen of ['short-One1', 'correct horse battery staple and more words', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'MyLongPasswordForTheChargingPoint1', 'qm7xzp3kl9vt2sw8nr4yb6cd1fh5ja0ge', 'QM7X_ZP3KL9VT2SW8NR4YB6CD1FH5JA0']) {
      assert.equal(looksMachineMade(chosen), false, chosen);
    }
  });

  it('every secret it makes is 32 url-safe characters that look machine-made, and no two alike (a draw that does not is made again)', () => {
    const secrets = Array.from({ length: 5000 }, generateMachineSecret);
    assert.equal(new Set(secrets).size, secrets.length);
    for (const secret of secrets) {
      assert.match(secret, /^[A-Za-z0-9_-]{32}$/);
      assert.equal(looksMachineMade(secret), true, secret);
    }
  });
});
