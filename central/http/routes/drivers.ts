import { requireViewer } from '../auth.ts';
import { sendJson } from '../respond.ts';
import type { Route } from '../router.ts';

/** `GET /api/drivers`: the drivers Central knows and where each charges now (their sessions: `/api/sessions?driver=`). */
export const driverRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/drivers',
    handle({ req, res, deps }) {
      requireViewer(req, deps);
      sendJson(res, 200, deps.operations.driverViews());
    },
  },
];
