// `npm run bench`: every benchmark in turn, then BENCHMARKS.md rebuilt from bench/results/.
import { existsSync } from 'node:fs';
import { writeBenchmarksMd } from './benchmarks-md.ts';

const BENCHMARKS = ['bus', 'ko-latency', 'store', 'avr-sim', 'relay-safety', 'fleet', 'fanout', 'startup', 'mqtt-flood'];

for (const name of BENCHMARKS) {
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(file)) continue;
  process.stderr.write(`\n== bench/${name}.ts\n`);
  const { main } = (await import(file.href)) as { main: () => Promise<unknown> };
  await main();
}
process.stdout.write(`wrote ${await writeBenchmarksMd()}\n`);
