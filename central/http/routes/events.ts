import { requireViewer } from '../auth.ts';
import type { Route } from '../router.ts';

/** `GET /events`: the Server-Sent Events stream the dashboard listens to. */
export const eventRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/events',
    handle({ req, res, deps }) {
      requireViewer(req, deps);
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
        res.end();
        return;
      }
      return deps.sse.attach(req, res);
    },
  },
];
