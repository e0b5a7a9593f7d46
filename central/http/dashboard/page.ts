import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PANEL_COLOUR_CSS, PENDING_DISPLAY } from '../../../protocol/display.ts';

export interface DashboardPage {
  html: string;
  contentSecurityPolicy: string;
}

/** The browser code's entry (TypeScript, type-checked by its own tsconfig next to it). */
const CLIENT_ENTRY = new URL('./client/main.ts', import.meta.url);
/** A bundle made ahead of time (a compiled install without the client sources); see bundleDashboardScript. */
const PREBUILT_BUNDLE = new URL('./dashboard.bundle.js', import.meta.url);

let cached: Promise<DashboardPage> | undefined;

/**
 * The dashboard is edited as page.html, page.css and client/*.ts, and served as one
 * self-contained page: no CDN. The script is bundled with esbuild (uPlot included) the
 * first time Central serves it, and kept in memory. Its CSP admits exactly that inline
 * script (by hash) and nothing from elsewhere.
 */
export function dashboardPage(): Promise<DashboardPage> {
  cached ??= buildPage().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function buildPage(): Promise<DashboardPage> {
  const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
  const script = existsSync(CLIENT_ENTRY) ? await bundleDashboardScript() : readFileSync(PREBUILT_BUNDLE, 'utf8');
  const uplotCss = readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css'), 'utf8');
  // The script goes in last: a `</script` inside it would end the tag early, so it is escaped.
  const html = read('./page.html')
    .replace('/*STYLE*/', () => `${uplotCss}\n${stateColours()}\n${read('./page.css')}`)
    .replace('/*SCRIPT*/', () => script.replace(/<\/script/gi, '<\\/script'));
  const inline = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
  const scriptHash = createHash('sha256').update(inline, 'utf8').digest('base64');
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
  return { html, contentSecurityPolicy };
}

/** The panel colours of DESIGN §2 as CSS variables, from the one place both UIs read them. */
function stateColours(): string {
  return `:root { ${Object.entries({ ...PANEL_COLOUR_CSS, pending: PENDING_DISPLAY.css })
    .map(([name, css]) => `--${name}: ${css};`)
    .join(' ')} }`;
}

/** The browser bundle: client/main.ts and what it imports (protocol/display.ts, uPlot), minified. */
export async function bundleDashboardScript(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(CLIENT_ENTRY)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
