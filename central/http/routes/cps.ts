import { DEFAULT_CURRENCY } from '../../core/index.ts';
import { requireAdmin, requireViewer } from '../auth.ts';
import { HttpError, readJsonObject, sendJson } from '../respond.ts';
import type { Route, RouteContext } from '../router.ts';

/** `GET /api/cps`, `GET /api/cps/:id[/detail]`, operator stop/resume of one or all CPs (DESIGN §6). */
export const cpRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/cps',
    handle: ({ req, res, deps }) => {
      requireViewer(req, deps);
      sendJson(res, 200, [...deps.operations.cpViews(), ...deps.operations.pendingViews()]);
    },
  },
  { method: 'GET', pattern: '/api/cps/:id', handle: getOne },
  { method: 'GET', pattern: '/api/cps/:id/detail', handle: getDetail },
  { method: 'POST', pattern: '/api/cps/stop', handle: stopAll },
  { method: 'POST', pattern: '/api/cps/resume', handle: resumeAll },
  { method: 'POST', pattern: '/api/cps/:id/stop', handle: stopOne },
  { method: 'POST', pattern: '/api/cps/:id/resume', handle: resumeOne },
  { method: 'DELETE', pattern: '/api/cps/:id', handle: removeOne },
  { method: 'POST', pattern: '/api/cps/:id/reset-secret', handle: resetSecret },
  { method: 'POST', pattern: '/api/cps/:id/accept', handle: acceptOne },
];

function getOne({ req, res, params, deps }: RouteContext): void {
  requireViewer(req, deps);
  const view = deps.operations.cpViews().find((cp) => cp.id === params.id);
  if (!view) throw unknownCp(params.id!);
  sendJson(res, 200, view);
}

/** How many of a CP's latest sessions the detail view sums up. */
const DETAIL_SESSIONS = 1000;

/** The CP detail view: the CP, its latest sessions with totals, and its recent warnings. */
async function getDetail({ req, res, params, deps }: RouteContext): Promise<void> {
  requireViewer(req, deps);
  const cpId = params.id!;
  const cp = deps.operations.cpViews().find((view) => view.id === cpId);
  if (!cp) throw unknownCp(cpId);
  const sessions = await deps.operations.findSessions({ cpId, limit: DETAIL_SESSIONS });
  const totals = { sessions: sessions.length, kWh: 0, amount: 0, currency: sessions[0]?.currency ?? DEFAULT_CURRENCY, faults: 0 };
  for (const session of sessions) {
    totals.kWh += session.kWh;
    totals.amount += session.amount;
    if (session.reason === 'fault') totals.faults++;
  }
  sendJson(res, 200, { cp, sessions: sessions.slice(0, 20), totals, notices: deps.notices.of(cpId) });
}

async function stopOne({ req, res, params, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const reason = await optionalReason(req);
  const cpId = params.id!;
  if (!(await deps.operations.stopCp(cpId, reason))) throw unknownCp(cpId);
  deps.logger.info({ cpId, reason }, 'operator stop over HTTP');
  sendJson(res, 200, { ok: true, cp: deps.operations.cpViews().find((cp) => cp.id === cpId) ?? null });
}

async function resumeOne({ req, res, params, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  await optionalReason(req);
  const cpId = params.id!;
  if (!(await deps.operations.resumeCp(cpId))) throw unknownCp(cpId);
  deps.logger.info({ cpId }, 'operator resume over HTTP');
  sendJson(res, 200, { ok: true, cp: deps.operations.cpViews().find((cp) => cp.id === cpId) ?? null });
}

async function removeOne({ req, res, params, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const cpId = params.id!;
  if (!(await deps.operations.removeCp(cpId))) throw unknownCp(cpId);
  deps.logger.info({ cpId }, 'operator removed a CP over HTTP');
  sendJson(res, 200, { ok: true, removed: cpId });
}

/** Registration approve: the pending CP's next hello registers it with the secret it presents. */
async function acceptOne({ req, res, params, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const cpId = params.id!;
  if (!(await deps.operations.acceptCp(cpId))) {
    throw new HttpError(404, 'not_pending', `No pending charging point "${cpId}". GET /api/cps lists those in state PENDING.`);
  }
  deps.logger.info({ cpId }, 'operator accepted a pending CP over HTTP');
  sendJson(res, 200, { ok: true, accepted: cpId });
}

/** The new secret is in this answer only; Central keeps its hash. */
async function resetSecret({ req, res, params, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const cpId = params.id!;
  const secret = await deps.operations.resetSecret(cpId);
  if (secret === undefined) throw unknownCp(cpId);
  deps.logger.info({ cpId }, "operator reset a CP's secret over HTTP");
  sendJson(res, 200, { ok: true, cpId, secret });
}

async function stopAll({ req, res, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const reason = await optionalReason(req);
  await deps.operations.stopAll(reason);
  deps.logger.info({ reason }, 'operator stop-all over HTTP');
  sendJson(res, 200, { ok: true, cps: deps.operations.cpViews() });
}

async function resumeAll({ req, res, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  await optionalReason(req);
  await deps.operations.resumeAll();
  deps.logger.info('operator resume-all over HTTP');
  sendJson(res, 200, { ok: true, cps: deps.operations.cpViews() });
}

/** The body is optional; when present it may carry `{"reason": "maintenance"}`. */
async function optionalReason(req: RouteContext['req']): Promise<string | undefined> {
  const body = await readJsonObject(req);
  if (body.reason === undefined) return undefined;
  if (typeof body.reason !== 'string' || body.reason.length > 200) {
    throw new HttpError(400, 'bad_request', '"reason" must be a string of at most 200 characters.');
  }
  return body.reason;
}

function unknownCp(cpId: string): HttpError {
  return new HttpError(404, 'unknown_cp', `No charging point "${cpId}". GET /api/cps lists them.`);
}
