import { driverId as driverIdSchema } from '../../../protocol/index.ts';
import { requireAdmin, requireViewer } from '../auth.ts';
import { HttpError, readJsonObject, sendJson } from '../respond.ts';
import type { Route, RouteContext } from '../router.ts';

/**
 * `GET /api/drivers`: the drivers Central knows, their tokens and where each charges now
 * (their sessions: `/api/sessions?driver=`). `POST /api/drivers {driverId}` gives a new (or
 * revoked) driver a token, in this answer only; `DELETE /api/drivers/:id` revokes it.
 */
export const driverRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/drivers',
    handle({ req, res, deps }) {
      requireViewer(req, deps);
      sendJson(res, 200, deps.operations.driverViews());
    },
  },
  { method: 'POST', pattern: '/api/drivers', handle: addDriver },
  { method: 'DELETE', pattern: '/api/drivers/:id', handle: revokeDriver },
];

async function addDriver({ req, res, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const body = await readJsonObject(req, '{"driverId": "D1"}');
  const driverId = body.driverId;
  if (typeof driverId !== 'string' || !driverIdSchema.safeParse(driverId).success) {
    throw new HttpError(400, 'bad_request', 'Send {"driverId": "D1"}: 1-64 letters, digits, _ or -.');
  }
  const added = await deps.operations.addDriver(driverId);
  if (added.outcome === 'exists') {
    throw new HttpError(409, 'driver_exists', `${driverId} already has a token. To give it a new one, revoke it first (DELETE /api/drivers/${driverId}).`);
  }
  deps.logger.info({ driverId }, 'operator added a driver over HTTP');
  sendJson(res, 201, { ok: true, driverId, token: added.token });
}

async function revokeDriver({ req, res, params, deps }: RouteContext): Promise<void> {
  requireAdmin(req, deps);
  const driverId = params.id!;
  const revoked = await deps.operations.revokeDriver(driverId);
  switch (revoked.outcome) {
    case 'unknown':
      throw new HttpError(404, 'unknown_driver', `No driver "${driverId}". GET /api/drivers lists them.`);
    case 'in-session':
      throw new HttpError(
        409,
        'driver_in_session',
        `${driverId} has session ${revoked.sessionId} at ${revoked.cpId}; its token stays until the session ends. Stop ${revoked.cpId} (the session ends and is billed) or wait, then revoke.`,
      );
    case 'revoked':
    case 'already-revoked':
      deps.logger.info({ driverId }, 'operator revoked a driver over HTTP');
      sendJson(res, 200, { ok: true, revoked: driverId, ...(revoked.outcome === 'already-revoked' ? { already: true } : {}) });
  }
}
