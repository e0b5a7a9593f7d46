// The compiled JavaScript evc runs (dist/): built by `npm install` from a clone and by `npm pack` (the
// `prepare` script), and by the test harness when the sources are newer. Plain JavaScript, because bin/evc
// reads it before anything can compile TypeScript.
//
// dist/ mirrors the source tree: every .ts file of a runtime folder becomes a .js file at the same relative
// path (relative imports rewritten from .ts to .js, packages left to node_modules), and every other file
// (wiring JSON, firmware hex, dashboard assets) is copied beside it, so `new URL('./x', import.meta.url)`
// finds the same file in dist/ as in the sources. A new top-level folder is included by default.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');

/** Top-level folders that are not part of what evc runs. */
const NOT_RUNTIME = new Set(['node_modules', 'dist', 'test', 'bench', 'scripts', 'coverage', 'data', '.git', '.ci', '.evc', '.cache', '.nyc_output']);

function runtimeFolders(root = ROOT) {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_RUNTIME.has(entry.name) && !/^(\.|data|dist)/.test(entry.name))
    .map((entry) => entry.name);
}

/**
 * Every file under the runtime folders, as paths relative to the root. A folder with a tsconfig.json of its
 * own holds browser code (the dashboard's client/): `browser` lists those files; they are bundled, not run.
 */
function sourceFiles(root = ROOT, browser = []) {
  const files = [];
  const walk = (relative, isBrowser) => {
    const entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    const inBrowser = isBrowser || entries.some((entry) => entry.name === 'tsconfig.json');
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child, inBrowser);
      else if (entry.isFile()) (inBrowser ? browser : files).push(child);
    }
  };
  for (const folder of runtimeFolders(root)) walk(folder, false);
  return files;
}

/**
 * True when dist/ was built after the last change to any runtime source (and to package.json).
 * Costs one stat per source file (~2 ms for this tree); only a development checkout asks.
 */
export function isDistFresh(root = ROOT) {
  let builtAt;
  try {
    builtAt = Number(readFileSync(path.join(root, 'dist', '.build-stamp'), 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isFinite(builtAt)) return false;
  const browser = [];
  for (const file of [...sourceFiles(root, browser), ...browser, 'package.json']) {
    if (file.endsWith('.md')) continue; // documentation is not built
    if (statSync(path.join(root, file)).mtimeMs > builtAt) return false;
  }
  return true;
}

const RELATIVE_TS = /^\.{1,2}\/.*\.ts$/;

/** Compiles every runtime .ts file to dist/ and copies the other files; returns what it did. */
export async function buildDist(root = ROOT) {
  const startedAt = Date.now();
  const { build } = await import('esbuild');
  const dist = path.join(root, 'dist');
  // Built aside and renamed into place, so a concurrent run never sees half a dist/.
  const staging = path.join(root, `dist-staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const files = sourceFiles(root);
  const entryPoints = files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const assets = files.filter((file) => !file.endsWith('.ts') && !file.endsWith('.md'));
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: staging,
    outbase: '.',
    // Bundling with every import external compiles each file on its own while letting esbuild's resolver
    // rewrite relative .ts specifiers (static and literal dynamic imports alike).
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'relative-ts-to-js',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^\.{1,2}\// }, (args) =>
            args.kind === 'entry-point' ? undefined : { path: RELATIVE_TS.test(args.path) ? args.path.replace(/\.ts$/, '.js') : args.path, external: true },
          );
        },
      },
    ],
  });
  for (const asset of assets) {
    mkdirSync(path.dirname(path.join(staging, asset)), { recursive: true });
    copyFileSync(path.join(root, asset), path.join(staging, asset));
  }
  // Children started from dist (evc cp's Engine and Monitor, the demo's processes) find `../bin/evc`
  // relative to their own module: here that is a launcher straight into dist, with no freshness check.
  const launcher = path.join(staging, 'bin', 'evc');
  writeFileSync(launcher, "#!/usr/bin/env node\n// Written by scripts/dist.mjs: the compiled CLI.\nimport './cli.js';\n");
  chmodSync(launcher, 0o755);
  writeFileSync(path.join(staging, 'package.json'), '{ "type": "module" }\n');
  await bundleDashboard(root, staging);
  writeFileSync(path.join(staging, '.build-stamp'), String(startedAt));
  rmSync(dist, { recursive: true, force: true });
  renameSync(staging, dist);
  return { files: entryPoints.length, assets: assets.length, ms: Date.now() - startedAt };
}

const DASHBOARD = 'central/http/dashboard';

/**
 * The dashboard's browser code, bundled now by its own page module (bundleDashboardScript, read from the
 * sources through tsx) into the file that module reads when its client sources are absent, as in an installed
 * evc: esbuild is needed to build, not to run.
 */
async function bundleDashboard(root, staging) {
  const source = path.join(root, DASHBOARD, 'page.ts');
  if (!existsSync(source)) return;
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    const { bundleDashboardScript } = await import(pathToFileURL(source).href);
    writeFileSync(path.join(staging, DASHBOARD, 'dashboard.bundle.js'), await bundleDashboardScript());
  } finally {
    await unregister();
  }
}

/** Builds unless dist/ is already current; for the test harness. */
export async function ensureDist(root = ROOT) {
  if (existsSync(path.join(root, 'dist', '.build-stamp')) && isDistFresh(root)) return undefined;
  return buildDist(root);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildDist();
  process.stdout.write(`dist: ${result.files} modules, ${result.assets} assets in ${result.ms} ms\n`);
}

