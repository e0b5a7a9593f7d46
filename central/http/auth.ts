import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.ts';

/** Where the page keeps the viewer token once it was given (`/?token=…`): sent back by the browser on every read. */
export const TOKEN_COOKIE = 'evc_token';

export interface Tokens {
  adminToken: string | undefined;
  viewerToken: string | undefined;
}

/**
 * Operator commands need `Authorization: Bearer <admin token>` (DESIGN §6). With no token
 * configured they are refused outright (403) rather than left open. A cookie never counts
 * here, so another site cannot make a browser send a command. The viewer token is told
 * apart (403) so whoever holds it learns it can only read.
 */
export function requireAdmin(req: IncomingMessage, tokens: Tokens): void {
  const { adminToken, viewerToken } = tokens;
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
  if (tokensMatch(presented, adminToken)) return;
  if (viewerToken !== undefined && tokensMatch(presented, viewerToken)) {
    throw new HttpError(403, 'viewer_token', 'That is the viewer token: it can only look. Operator commands need the admin token (--admin-token); nothing was changed.');
  }
  throw new HttpError(401, 'unauthorized', 'Wrong admin token.', { 'www-authenticate': 'Bearer realm="evc", error="invalid_token"' });
}

/**
 * Reads (the page, the API's GETs, /events): open unless Central has a viewer token
 * (`--viewer-token`), then the viewer or the admin token, as a bearer header or the
 * page's cookie. Driver and session ids are then not public.
 */
export function requireViewer(req: IncomingMessage, tokens: Tokens): void {
  if (canView(req, tokens)) return;
  throw new HttpError(401, 'unauthorized', 'This Central needs its viewer token: send "Authorization: Bearer <token>", or open /?token=<token> in a browser.', {
    'www-authenticate': 'Bearer realm="evc"',
  });
}

export function canView(req: IncomingMessage, tokens: Tokens): boolean {
  if (!tokens.viewerToken) return true;
  const presented = bearerToken(req.headers.authorization) ?? cookieValue(req.headers.cookie, TOKEN_COOKIE);
  return presented !== undefined && isKnownToken(presented, tokens);
}

/** The viewer or the admin token. */
export function isKnownToken(presented: string, tokens: Tokens): boolean {
  return [tokens.viewerToken, tokens.adminToken].some((token) => token !== undefined && tokensMatch(presented, token));
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The `evc_rejected_total{source="http"}` reason for a refused request (issue 9), or undefined
 * when `status` is no refusal: 401 is `bad-token` (a token presented as a header, the page's
 * cookie or `/?token=`) or `no-token`; 403 is its error code (`admin-disabled`, `viewer-token`).
 * Codes are fixed strings in this module, never input, so the labels stay bounded.
 */
export function refusalReason(req: IncomingMessage, status: number, errorCode?: string): string | undefined {
  if (status === 403) return errorCode?.replaceAll('_', '-') ?? 'forbidden';
  if (status !== 401) return undefined;
  const presented = req.headers.authorization !== undefined || cookieValue(req.headers.cookie, TOKEN_COOKIE) !== undefined || /[?&]token=/.test(req.url ?? '');
  return presented ? 'bad-token' : 'no-token';
}

/** Compares digests so neither the content nor the length of the token leaks through timing. */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
