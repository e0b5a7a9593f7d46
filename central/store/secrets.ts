import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { generateMachineSecret, looksMachineMade } from '../../base/machine-secret.ts';

// scrypt parameters (N = 2^14, r = 8, p = 1: ~16 MiB, tens of ms) are stored in each hash,
// so they can be raised later without invalidating existing CPs.
const COST = 16_384;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(secret: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function sha256(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret, 'utf8').digest();
}

/**
 * `sha256$salt$hash` for a machine-made secret, else `scrypt$N$r$p$salt$hash` (base64url),
 * each with a fresh random salt. scrypt runs on libuv's threadpool, never on the event loop.
 */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  if (looksMachineMade(secret)) return ['sha256', salt.toString('base64url'), sha256(salt, secret).toString('base64url')].join('$');
  const key = await derive(secret, salt, KEY_BYTES, { N: COST, r: BLOCK_SIZE, p: PARALLELISM });
  return ['scrypt', COST, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check of `secret` against a `hashSecret` result (either kind); false for any malformed hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length === 3 && parts[0] === 'sha256') {
    const salt = Buffer.from(parts[1]!, 'base64url');
    const expected = Buffer.from(parts[2]!, 'base64url');
    if (salt.length === 0 || expected.length !== 32) return false;
    return timingSafeEqual(sha256(salt, secret), expected);
  }
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || expected.length === 0) return false;
  try {
    const actual = await derive(secret, salt, expected.length, { N, r, p });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** A new CP secret for `add-cp` and a reset (base/machine-secret.ts): always hashed the fast way. */
export function generateSecret(): string {
  return generateMachineSecret();
}
