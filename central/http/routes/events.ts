import type { Route } from '../router.ts';

/** `GET /events`: the Server-Sent Events stream the dashboard listens to. */
export const eventRoutes: Route[] = [{ method: 'GET', pattern: '/events', handle: ({ req, res, deps }) => deps.sse.attach(req, res) }];
