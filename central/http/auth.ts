import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.ts';

/**
 * Operator commands need `Authorization: Bearer <admin token>` (DESIGN §6). With no token
 * configured they are refused outright (403) rather than left open.
 */
export function requireAdmin(req: IncomingMessage, adminToken: string | undefined): void {
  if (!adminToken) {
    throw new HttpError(
      403,
      'admin_disabled',
      'Operator commands are disabled: start Central with --admin-token T (or set EVC_ADMIN_TOKEN) to enable them.',
    );
  }
  const presented = bearerToken(req.headers.authorization);
  if (presented === undefined) {
    throw new HttpError(401, 'unauthorized', 'Send the admin token as "Authorization: Bearer <token>".', { 'www-authenticate': 'Bearer realm="evc"' });
  }
  if (!tokensMatch(presented, adminToken)) {
    throw new HttpError(401, 'unauthorized', 'Wrong admin token.', { 'www-authenticate': 'Bearer realm="evc", error="invalid_token"' });
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Compares digests so neither the content nor the length of the token leaks through timing. */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
