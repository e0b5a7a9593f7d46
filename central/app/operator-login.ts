import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authenticate } from '../../bus/index.ts';

/** The embedded broker's read-only account for people watching with stock clients (mosquitto_sub). */
export const OPERATOR_USERNAME = 'operator';

/**
 * Adds the operator account (`--operator-password`, issue 14) in front of Central's own
 * logins: username `operator` with that password may subscribe under `evc/` and publish
 * nothing (bus/broker/acl.ts), with client ids `operator` or `operator.*`. Without a
 * password the name is nobody's special: logins go on to `next` as before.
 */
export function withOperatorLogin(next: Authenticate, password: string | undefined): Authenticate {
  if (!password) return next;
  const expected = digest(password);
  return async (username, given, clientId) => {
    if (username !== OPERATOR_USERNAME) return next(username, given, clientId);
    return given !== undefined && timingSafeEqual(digest(given), expected) ? { kind: 'operator', id: OPERATOR_USERNAME } : null;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
