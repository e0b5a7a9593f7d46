import { EvcError, UsageError } from '../../protocol/index.ts';
import type { DriverView, SessionView } from '../core/index.ts';

/**
 * The CLI's operator commands (`evc central remove-cp | reset-secret | revoke-driver | sessions`) talk to
 * the running Central through its HTTP admin API, the same one the dashboard uses, so they
 * work from any machine that reaches it and Central stays the store's only writer.
 */
export interface AdminClientOptions {
  /** Central's HTTP address, e.g. `http://localhost:8080`. */
  url: string;
  /** The admin token (operator commands) or viewer token (reads). */
  token?: string;
}

export interface SessionFilter {
  cpId?: string;
  driverId?: string;
  /** YYYY-MM-DD, Central's local day. */
  day?: string;
  limit?: number;
}

export async function removeCpThroughApi(options: AdminClientOptions, cpId: string): Promise<void> {
  await call(options, 'DELETE', `/api/cps/${encodeURIComponent(cpId)}`, { needsToken: true });
}

/** Accepts a CP waiting as PENDING (registration approve). */
export async function acceptCpThroughApi(options: AdminClientOptions, cpId: string): Promise<void> {
  await call(options, 'POST', `/api/cps/${encodeURIComponent(cpId)}/accept`, { needsToken: true });
}

/** The CP's new secret (shown once). */
export async function resetSecretThroughApi(options: AdminClientOptions, cpId: string): Promise<string> {
  const body = (await (await call(options, 'POST', `/api/cps/${encodeURIComponent(cpId)}/reset-secret`, { needsToken: true })).json()) as { secret?: unknown };
  if (typeof body.secret !== 'string') throw new EvcError('BAD_ANSWER', `Central at ${options.url} answered without a secret`);
  return body.secret;
}

/** Revokes a driver's token: its next login or request is refused (refused while it has a session). */
export async function revokeDriverThroughApi(options: AdminClientOptions, driverId: string): Promise<{ already: boolean }> {
  const body = (await (await call(options, 'DELETE', `/api/drivers/${encodeURIComponent(driverId)}`, { needsToken: true })).json()) as { already?: unknown };
  return { already: body.already === true };
}

export async function driversThroughApi(options: AdminClientOptions): Promise<DriverView[]> {
  return (await (await call(options, 'GET', '/api/drivers')).json()) as DriverView[];
}

export async function sessionsThroughApi(options: AdminClientOptions, filter: SessionFilter): Promise<SessionView[]> {
  return (await (await call(options, 'GET', `/api/sessions?${sessionQuery(filter)}`)).json()) as SessionView[];
}

export async function sessionsCsvThroughApi(options: AdminClientOptions, filter: SessionFilter): Promise<string> {
  return (await call(options, 'GET', `/api/sessions.csv?${sessionQuery(filter)}`)).text();
}

function sessionQuery(filter: SessionFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.cpId) query.set('cp', filter.cpId);
  if (filter.driverId) query.set('driver', filter.driverId);
  if (filter.day) query.set('day', filter.day);
  query.set('limit', String(filter.limit ?? 100));
  return query;
}

async function call(options: AdminClientOptions, method: string, path: string, how: { needsToken?: boolean } = {}): Promise<Response> {
  if (how.needsToken && !options.token) throw new UsageError('this is an operator command: pass --admin-token T (or set EVC_ADMIN_TOKEN), the token Central was started with');
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new UsageError(`--url must be Central's HTTP address such as http://localhost:8080, got "${options.url}"`);
  }
  let response: Response;
  try {
    response = await fetch(new URL(path, base), {
      method,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new EvcError('CENTRAL_UNREACHABLE', `Central does not answer at ${base.origin} (${reason}); start it, or pass --url http://HOST:PORT`);
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  const message = body.message ?? `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) throw new EvcError('UNAUTHORIZED', `${message} (Central at ${base.origin})`);
  if (response.status === 400 || response.status === 404 || response.status === 409) throw new EvcError('REFUSED', message);
  throw new EvcError('CENTRAL_ERROR', `Central at ${base.origin} answered ${response.status}: ${message}`);
}
