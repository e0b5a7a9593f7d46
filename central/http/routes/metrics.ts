import type { Route } from '../router.ts';

/** `GET /metrics`: Prometheus text exposition. */
export const metricsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/metrics',
    async handle({ res, deps }) {
      const text = await deps.metrics.text();
      res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
      res.end(text);
    },
  },
];
