import type { SessionQuery } from '../../operations.ts';
import type { SessionView } from '../../core/index.ts';
import { HttpError, sendJson } from '../respond.ts';
import type { Route, RouteContext } from '../router.ts';
import { requireViewer } from '../auth.ts';

export const DEFAULT_SESSION_LIMIT = 50;
export const MAX_SESSION_LIMIT = 10_000;

/**
 * `GET /api/sessions[?cp=CP1&driver=D1&day=YYYY-MM-DD&limit=N]`: active sessions and
 * history, latest first (DESIGN §6); `GET /api/sessions.csv` the same as CSV.
 */
export const sessionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/sessions', handle: listSessions },
  { method: 'GET', pattern: '/api/sessions.csv', handle: sessionsCsv },
];

async function listSessions({ req, res, url, deps }: RouteContext): Promise<void> {
  requireViewer(req, deps);
  sendJson(res, 200, await find(url, deps));
}

async function sessionsCsv({ req, res, url, deps }: RouteContext): Promise<void> {
  requireViewer(req, deps);
  const sessions = await find(url, deps);
  const text = toCsv(sessions);
  const day = url.searchParams.get('day');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'content-disposition': `attachment; filename="sessions${day ? `-${day}` : ''}.csv"`,
    'cache-control': 'no-store',
  });
  res.end(text);
}

function find(url: URL, deps: RouteContext['deps']): Promise<SessionView[]> {
  const params = url.searchParams;
  const limit = parseLimit(params.get('limit'));
  const query: SessionQuery = { limit, ...dayRange(params.get('day')) };
  const cpId = params.get('cp');
  const driverId = params.get('driver');
  if (cpId) query.cpId = cpId;
  if (driverId) query.driverId = driverId;
  return Object.keys(query).length === 1 ? deps.operations.sessionViews(limit) : deps.operations.findSessions(query);
}

export function parseLimit(text: string | null): number {
  if (text === null || text === '') return DEFAULT_SESSION_LIMIT;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_SESSION_LIMIT) {
    throw new HttpError(400, 'bad_request', `"limit" must be a whole number from 1 to ${MAX_SESSION_LIMIT}.`);
  }
  return Number(text);
}

/** `day=YYYY-MM-DD`: sessions that started that day, Central's local time. */
export function dayRange(text: string | null): { fromMs?: number; toMs?: number } {
  if (text === null || text === '') return {};
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const from = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
  if (!match || !from || from.getDate() !== Number(match[3]) || from.getMonth() !== Number(match[2]) - 1) {
    throw new HttpError(400, 'bad_request', `"day" must be a date as YYYY-MM-DD, got "${text}".`);
  }
  const to = new Date(from);
  to.setDate(to.getDate() + 1);
  return { fromMs: from.getTime(), toMs: to.getTime() };
}

const CSV_COLUMNS = ['sessionId', 'cpId', 'driverId', 'state', 'startedAt', 'endedAt', 'durationS', 'kWh', 'pricePerKwh', 'amount', 'currency', 'reason'] as const;

/** RFC 4180 CSV, times as ISO 8601 UTC; a cell starting with = + - @ is quoted with a leading ' so spreadsheets do not run it. */
export function toCsv(sessions: SessionView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of sessions) {
    const cells: Record<(typeof CSV_COLUMNS)[number], string | number> = {
      sessionId: s.id,
      cpId: s.cpId,
      driverId: s.driverId,
      state: s.state,
      startedAt: new Date(s.startedAt).toISOString(),
      endedAt: s.endedAt === undefined ? '' : new Date(s.endedAt).toISOString(),
      durationS: s.endedAt === undefined ? '' : Math.round((s.endedAt - s.startedAt) / 1000),
      kWh: s.kWh.toFixed(3),
      pricePerKwh: s.pricePerKwh,
      amount: s.amount.toFixed(2),
      currency: s.currency,
      reason: s.reason ?? '',
    };
    lines.push(CSV_COLUMNS.map((column) => csvCell(cells[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
