import type { ServerResponse } from 'node:http';
import { TOKEN_COOKIE, canView, isKnownToken } from '../auth.ts';
import { dashboardPage } from '../dashboard/page.ts';
import type { Route, RouteContext } from '../router.ts';

/**
 * `GET /`: the self-contained dashboard page (DESIGN §6). With a viewer token set, a
 * browser first opens `/?token=T` (or types it into the small form shown instead): the
 * token goes into an HttpOnly cookie and the address bar loses it.
 */
export const dashboardRoutes: Route[] = [{ method: 'GET', pattern: '/', handle: servePage }];

async function servePage({ req, res, url, deps }: RouteContext): Promise<void> {
  const given = url.searchParams.get('token');
  if (given !== null && deps.viewerToken) {
    if (isKnownToken(given, deps)) {
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(given)}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end();
      return;
    }
    return tokenForm(res, 'Wrong token; try again.');
  }
  if (!canView(req, deps)) return tokenForm(res);
  const page = await dashboardPage();
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(page.html),
    'content-security-policy': page.contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(page.html);
}

function tokenForm(res: ServerResponse, error?: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>EVC Central</title>
<style>body{font-family:system-ui,sans-serif;background:#f3f5f8;color:#1b2230;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:24px;border-radius:14px;box-shadow:0 4px 14px rgba(20,30,50,.08);width:min(360px,90vw)}h1{font-size:18px;margin:0 0 8px}
p{font-size:13px;color:#647084}input{width:100%;box-sizing:border-box;font:inherit;padding:9px 12px;border:1px solid #e3e7ee;border-radius:8px}
button{margin-top:12px;font:inherit;font-weight:600;padding:8px 14px;border:0;border-radius:8px;background:#2f6fed;color:#fff}.error{color:#d64545}</style></head>
<body><form method="get" action="/"><h1>EVC Central</h1><p>This dashboard needs the viewer token Central was started with (<code>--viewer-token</code>).</p>
${error ? `<p class="error" role="alert">${error}</p>` : ''}<input name="token" type="password" autocomplete="current-password" placeholder="Viewer token" required autofocus><button type="submit">Open</button></form></body></html>`;
  res.writeHead(401, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
  });
  res.end(html);
}
