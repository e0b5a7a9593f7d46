import assert from 'node:assert/strict';
import {
  chargeRequest,
  driverKeyFromToken,
  generateDriverToken,
  keysFromDriverKey,
  keysFromToken,
  openEvent,
  parseMessage,
  PROOF_WINDOW_MS,
  sealEvent,
  signRequest,
  tokenMatches,
  verifyRequest,
} from '../../../protocol/index.ts';

const NOW = 1_700_000_000_000;
const aCharge = (over: object = {}) => ({ type: 'charge', id: 'r1', ts: NOW, driverId: 'D1', cpId: 'CP1', ...over });

describe('protocol/driver-keys (issue 9, DESIGN §4.5: a driver proves itself and reads alone)', function () {
  const token = generateDriverToken();
  const keys = keysFromToken('D1', token);

  it('a token is 32 random base64url characters; Central keeps only the key it derives', function () {
    assert.match(token, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(generateDriverToken(), token);
    assert.ok(!keys.driverKey.includes(token));
    assert.ok(tokenMatches('D1', token, keys.driverKey));
    assert.equal(tokenMatches('D1', `${token}x`, keys.driverKey), false);
    // The same token under another id is another key: a token is bound to its driver.
    assert.notEqual(driverKeyFromToken('D2', token), keys.driverKey);
  });

  it('a signed request survives the schema and verifies with the stored key', function () {
    const signed = signRequest(aCharge(), keys);
    const parsed = parseMessage(chargeRequest, JSON.stringify(signed));
    assert.ok(parsed.ok);
    assert.deepEqual(verifyRequest(parsed.message, keysFromDriverKey(keys.driverKey), NOW + 1000), { ok: true });
  });

  it('refuses an unsigned, tampered, foreign-keyed or stale request', function () {
    assert.deepEqual(verifyRequest(aCharge(), keys, NOW), { ok: false, reason: 'no-proof' });
    const signed = signRequest(aCharge(), keys);
    assert.deepEqual(verifyRequest({ ...signed, cpId: 'CP2' }, keys, NOW), { ok: false, reason: 'bad-proof' });
    assert.deepEqual(verifyRequest({ ...signed, driverId: 'D2' }, keys, NOW), { ok: false, reason: 'bad-proof' });
    const other = keysFromToken('D1', generateDriverToken());
    assert.deepEqual(verifyRequest(signRequest(aCharge(), other), keys, NOW), { ok: false, reason: 'bad-proof' });
    assert.deepEqual(verifyRequest(signed, keys, NOW + PROOF_WINDOW_MS + 1), { ok: false, reason: 'stale' });
  });

  it('a sealed event opens only for its driver with its key', function () {
    const event = { type: 'ticket', amount: 12.34 };
    const sealed = sealEvent('D1', event, keys);
    assert.ok(!JSON.stringify(sealed).includes('12.34'));
    assert.equal(openEvent(sealed, 'D1', keys), JSON.stringify(event));
    assert.equal(openEvent(sealed, 'D1', keysFromToken('D1', generateDriverToken())), undefined);
    assert.equal(openEvent({ ...sealed, driverId: 'D2' }, 'D2', keys), undefined);
    assert.equal(openEvent({ ...sealed, data: sealed.data.slice(0, -2) + 'AA' }, 'D1', keys), undefined);
  });
});
