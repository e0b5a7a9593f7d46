import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusalReason } from './auth.ts';
import { HttpError, sendError } from './respond.ts';
import { matchRoute, type HttpDeps, type Route } from './router.ts';

/**
 * The one request listener: route, run the handler, turn any failure into a JSON error.
 * Nothing a client sends may escape as an exception (DESIGN: never crash on input).
 */
export function requestListener(routes: readonly Route[], deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(routes, deps, req, res);
  };
}

async function handle(routes: readonly Route[], deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  let routeLabel = 'unmatched';
  let errorCode: string | undefined;
  res.once('close', () => {
    deps.metrics.countRequest(method, routeLabel, res.statusCode);
    // A missing or wrong token is a refused request like any other (issue 9), whichever route answered it.
    const refused = refusalReason(req, res.statusCode, errorCode);
    if (refused) deps.operations.rejected('http', refused);
  });
  try {
    const url = requestUrl(req.url);
    const match = matchRoute(routes, method, url.pathname);
    switch (match.kind) {
      case 'bad-path':
        throw new HttpError(400, 'bad_request', 'The path has a malformed %-escape.');
      case 'not-found':
        throw new HttpError(404, 'not_found', `Nothing at ${url.pathname}. Try /, /api/cps, /api/sessions, /events or /metrics.`);
      case 'method-not-allowed':
        throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here; use ${match.allow.join(' or ')}.`, {
          allow: match.allow.join(', '),
        });
      case 'found':
        routeLabel = match.route.pattern;
        await match.route.handle({ req, res, url, params: match.params, deps });
    }
  } catch (error) {
    if (req.destroyed && !(error instanceof HttpError)) {
      deps.logger.debug({ method, url: req.url }, 'client went away mid-request');
    } else if (error instanceof HttpError) {
      errorCode = error.code;
      deps.logger.debug({ method, url: req.url, status: error.status }, error.message);
      sendError(res, error);
    } else {
      deps.logger.error({ err: error, method, url: req.url }, 'HTTP handler failed');
      sendError(res, new HttpError(500, 'internal_error', 'Central could not answer this request; see its log.'));
    }
    // A refused body may still be arriving; drain it rather than leave the socket stuck.
    if (!req.complete) req.resume();
  }
}

function requestUrl(raw: string | undefined): URL {
  const target = raw ?? '/';
  try {
    // Origin-form ("/api/cps") is glued to a dummy origin so "//x" stays a path, not a host.
    return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    throw new HttpError(400, 'bad_request', 'Malformed request target.');
  }
}
