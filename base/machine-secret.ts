import { randomBytes } from 'node:crypto';

/**
 * True for a secret a machine made: 32+ url-safe characters that look random (upper, lower
 * and digits, 22+ distinct characters), as `add-cp`'s and a CP's own secrets are (~192 bits).
 * Guessing one is hopeless however fast each guess is, so Central protects it with a salted
 * SHA-256 in microseconds instead of scrypt's tens of ms (issue 11). A secret a person chose
 * (anything else) keeps scrypt, which makes each guess expensive.
 */
export function looksMachineMade(secret: string): boolean {
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(secret)) return false;
  if (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/[0-9]/.test(secret)) return false;
  return new Set(secret).size >= 22;
}

/**
 * A new secret: 24 random bytes, base64url (32 characters). About 1 draw in 25 has no digit or
 * fewer than 22 distinct characters and would not look machine-made (and be hashed slowly):
 * such a draw is made again, which leaves well over 180 bits.
 */
export function generateMachineSecret(): string {
  for (;;) {
    const secret = randomBytes(24).toString('base64url');
    if (looksMachineMade(secret)) return secret;
  }
}
