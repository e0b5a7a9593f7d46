import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const ORDER = ['bus', 'ko-latency', 'store', 'avr-sim', 'relay-safety', 'fleet-idle', 'fleet-mosquitto', 'fleet-registration', 'fleet-charging', 'fleet-requests-embedded', 'fleet-requests-kafka', 'fanout', 'mqtt-flood'];

const HEADER = `# Benchmarks

Speed and memory goals live here, not in timed tests. Each section was produced by the command
it names, on this project's reference machine (2 cores, 24 GiB); \`npm run bench\` runs them all
and rebuilds this file from \`bench/results/\`.
`;

/** Rebuilds BENCHMARKS.md from the per-benchmark result files, each section one heading level down. */
export async function writeBenchmarksMd(): Promise<string> {
  const names = (await readdir(RESULTS_DIR)).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3));
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const sections = await Promise.all(
    names.map(async (name) => (await readFile(path.join(RESULTS_DIR, `${name}.md`), 'utf8')).trim().replace(/^#/gm, '##')),
  );
  const file = path.join(ROOT, 'BENCHMARKS.md');
  await writeFile(file, [HEADER, ...sections].join('\n\n') + '\n');
  return file;
}

function rank(name: string): number {
  const index = ORDER.indexOf(name);
  return index === -1 ? ORDER.length : index;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`wrote ${await writeBenchmarksMd()}\n`);
}
