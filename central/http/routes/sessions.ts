import { HttpError, sendJson } from '../respond.ts';
import type { Route, RouteContext } from '../router.ts';

export const DEFAULT_SESSION_LIMIT = 50;
export const MAX_SESSION_LIMIT = 1000;

/** `GET /api/sessions[?limit=N]`: active sessions and history, latest first (DESIGN §6). */
export const sessionRoutes: Route[] = [{ method: 'GET', pattern: '/api/sessions', handle: listSessions }];

async function listSessions({ res, url, deps }: RouteContext): Promise<void> {
  const limit = parseLimit(url.searchParams.get('limit'));
  sendJson(res, 200, await deps.operations.sessionViews(limit));
}

export function parseLimit(text: string | null): number {
  if (text === null || text === '') return DEFAULT_SESSION_LIMIT;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_SESSION_LIMIT) {
    throw new HttpError(400, 'bad_request', `"limit" must be a whole number from 1 to ${MAX_SESSION_LIMIT}.`);
  }
  return Number(text);
}
