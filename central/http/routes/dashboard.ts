import { dashboardPage } from '../dashboard/page.ts';
import type { Route } from '../router.ts';

/** `GET /`: the self-contained dashboard page (DESIGN §6). */
export const dashboardRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/',
    handle({ res }) {
      const page = dashboardPage();
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(page.html),
        'content-security-policy': page.contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      res.end(page.html);
    },
  },
];
