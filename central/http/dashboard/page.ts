import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface DashboardPage {
  html: string;
  contentSecurityPolicy: string;
}

let cached: DashboardPage | undefined;

/**
 * The dashboard is edited as three plain files (page.html, page.css, page.js) and served
 * as one self-contained page: no CDN, no build step. Its CSP admits exactly that inline
 * script (by hash) and nothing from elsewhere.
 */
export function dashboardPage(): DashboardPage {
  if (cached) return cached;
  const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
  const script = read('./page.js');
  const html = read('./page.html')
    .replace('/*STYLE*/', () => read('./page.css'))
    .replace('/*SCRIPT*/', () => script);
  const scriptHash = createHash('sha256').update(script, 'utf8').digest('base64');
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  cached = { html, contentSecurityPolicy };
  return cached;
}
