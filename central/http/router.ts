import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CentralOperations } from '../operations.ts';
import type { CentralMetrics } from './metrics.ts';
import type { Tokens } from './auth.ts';
import type { CpNotices } from './cp-notices.ts';
import type { SseHub } from './sse.ts';

/** What every route handler may use; built once per server. */
export interface HttpDeps extends Tokens {
  operations: CentralOperations;
  metrics: CentralMetrics;
  sse: SseHub;
  notices: CpNotices;
  logger: Logger;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  deps: HttpDeps;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Literal segments and `:name` parameters, e.g. `/api/cps/:id/stop`. */
  pattern: string;
  handle(context: RouteContext): void | Promise<void>;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path' };

/**
 * Finds the route for a method and path. A path some route knows but not with this
 * method is a 405 (with the methods that would work); a path nobody knows is a 404.
 * HEAD is answered like GET.
 */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const segments = splitPath(pathname);
  if (segments === undefined) return { kind: 'bad-path' };
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === undefined) continue;
    if (route.method === wanted) return { kind: 'found', route, params };
    allow.add(route.method);
    if (route.method === 'GET') allow.add('HEAD');
  }
  return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
}

/** Decoded path segments; a trailing slash is ignored. Undefined for malformed escapes. */
function splitPath(pathname: string): string[] | undefined {
  const parts = pathname.split('/').filter((part) => part !== '');
  try {
    return parts.map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter((part) => part !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const segment = segments[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}
