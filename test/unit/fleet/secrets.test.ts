import assert from 'node:assert/strict';
import { fleetSecret } from '../../../fleet/secrets.ts';

describe('fleet/secrets', () => {
  it('the same secret for the same seed and id on every run; another for another id or seed', () => {
    const secret = fleetSecret('evc-fleet', 'FCP1');
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
    assert.equal(fleetSecret('evc-fleet', 'FCP1'), secret);
    assert.notEqual(fleetSecret('evc-fleet', 'FCP2'), secret);
    assert.notEqual(fleetSecret('other-seed', 'FCP1'), secret);
  });
});
