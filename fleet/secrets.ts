import { createHmac } from 'node:crypto';

/**
 * A fleet party's secret: HMAC-SHA-256(seed, id), 256 bits in base64url. Machine-made and
 * high-entropy like `evc central add-cp`'s, and the same on every run with the same seed, so
 * a fleet restarted against a Central that kept its store logs in with the secrets it registered.
 */
export function fleetSecret(seed: string, id: string): string {
  return createHmac('sha256', seed).update(id).digest('base64url');
}
