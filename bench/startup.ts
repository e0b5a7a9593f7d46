// Start-up benchmark (issue 12): evc runs compiled JavaScript (dist/), and sub-commands load lazily.
// Reproduce: node --import tsx bench/startup.ts   (builds dist/ first if the sources are newer)
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { runCentral } from '../central/app/index.ts';
import { ensureDist } from '../scripts/dist.mjs';
import { freePort as freePortOn } from '../demo/net.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/startup.md', import.meta.url));
const NODE = process.execPath;
const HELP_RUNS = 15;
const CENTRAL_RUNS = 5;
const CP_RUNS = 5;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]): number => Math.max(...values);

/** Wall time of one run of `args` to its exit, in ms. */
function timeRun(args: string[]): number {
  const startedAt = performance.now();
  const result = spawnSync(NODE, args, { cwd: ROOT, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - startedAt;
}

/** `--help` of evc (three ways) and of mqtt.js' CLI, interleaved so load hits them alike. */
function helpTimes(): Record<string, number[]> {
  const ways: Record<string, string[]> = {
    'evc --help, installed (dist/bin/evc)': ['dist/bin/evc', '--help'],
    'evc --help, from a checkout (bin/evc: dist freshness check, then dist)': ['bin/evc', '--help'],
    'evc --help through tsx, as before (node --import tsx bin/cli.ts)': ['--import', 'tsx', 'bin/cli.ts', '--help'],
    'mqtt --help (mqtt.js CLI, node_modules/.bin/mqtt)': ['node_modules/.bin/mqtt', '--help'],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (const args of Object.values(ways)) timeRun(args); // warm the page cache
  for (let run = 0; run < HELP_RUNS; run++) {
    for (const [name, args] of Object.entries(ways)) times[name]!.push(timeRun(args));
  }
  return times;
}

/** From spawning `evc central` to its Monitor port accepting a TCP connection. */
async function centralAccepting(): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < CENTRAL_RUNS; run++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'evc-bench-central-'));
    const [port, http, mqtt] = [await freePortOn('127.0.0.1'), await freePortOn('127.0.0.1'), await freePortOn('127.0.0.1')];
    const startedAt = performance.now();
    const child = spawn(NODE, ['bin/evc', 'central', '--port', String(port), '--http', String(http), '--mqtt-port', String(mqtt), '--data', dataDir, '--no-panel', '--log-level', 'warn'], { cwd: ROOT, stdio: 'ignore' });
    for (;;) {
      const connected = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
      if (connected) break;
      if (child.exitCode !== null) throw new Error(`evc central exited ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    times.push(performance.now() - startedAt);
    child.kill('SIGTERM');
    await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
  }
  return times;
}

/** From spawning `evc cp --board sim` (only --central) to Central showing the CP AVAILABLE. */
async function cpAvailable(): Promise<number[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'evc-bench-cp-'));
  const central = await runCentral({
    dataDir, monitorHost: '127.0.0.1', monitorPort: 0, mqttHost: '127.0.0.1', mqttPort: 0, httpPort: false, registration: 'open',
    logger: pino({ level: 'silent' }),
  });
  const times: number[] = [];
  try {
    for (let run = 0; run < CP_RUNS; run++) {
      const cpId = `BENCH${run}`;
      const cpData = await mkdtemp(path.join(os.tmpdir(), 'evc-bench-cpdata-'));
      const available = new Promise<void>((resolve) => {
        const listener = (view: { id: string; state: string }): void => {
          if (view.id !== cpId || view.state !== 'AVAILABLE') return;
          central.operations.off('cp-updated', listener);
          resolve();
        };
        central.operations.on('cp-updated', listener);
      });
      const startedAt = performance.now();
      const child = spawn(NODE, ['bin/evc', 'cp', '--id', cpId, '--central', `127.0.0.1:${central.ports.monitor}`, '--board', 'sim', '--sim-port', '0',
        '--engine-port', String(await freePortOn('127.0.0.1')), '--no-menu', '--data', cpData], { cwd: ROOT, stdio: 'ignore' });
      await available;
      times.push(performance.now() - startedAt);
      child.kill('SIGTERM');
      await once(child, 'exit');
      await rm(cpData, { recursive: true, force: true });
    }
  } finally {
    await central.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return times;
}

export async function main(): Promise<void> {
  const built = await ensureDist();
  if (built) process.stderr.write(`built dist/ (${built.files} modules) first\n`);
  const loadBefore = os.loadavg()[0]!.toFixed(2);
  const help = helpTimes();
  const central = await centralAccepting();
  const cp = await cpAvailable();
  const loadAfter = os.loadavg()[0]!.toFixed(2);
  const mqttMedian = median(help['mqtt --help (mqtt.js CLI, node_modules/.bin/mqtt)']!);
  const rows = Object.entries(help).map(([name, values]) => `| ${name} | ${median(values).toFixed(0)} ms | ${max(values).toFixed(0)} ms | ${(median(values) / mqttMedian).toFixed(2)}× |`);
  const verdict = (ok: boolean): string => (ok ? 'within the target' : '**missed the target**');
  const installed = median(help['evc --help, installed (dist/bin/evc)']!);
  const checkout = median(help['evc --help, from a checkout (bin/evc: dist freshness check, then dist)']!);
  const text = [
    '# Start-up: evc --help, Central, a sim CP (issue 12)',
    '',
    'evc runs compiled JavaScript from `dist/` (esbuild, made by `npm install`/`npm pack`), and loads only the',
    'sub-command it runs. Targets: `evc --help` within 2× of the mqtt.js CLI in the same run; Central accepting',
    'Monitors within 300 ms; a sim CP AVAILABLE at Central within 1 s of `evc cp` starting.',
    '',
    'Reproduce: `node --import tsx bench/startup.ts`',
    '',
    `Measured ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after (the machine was shared with other work).`,
    '',
    `## \`--help\`: wall time from spawn to exit, ${HELP_RUNS} runs each, interleaved`,
    '',
    '| command | median | max | vs mqtt --help |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `evc --help installed: ${(installed / mqttMedian).toFixed(2)}× mqtt's, from a checkout ${(checkout / mqttMedian).toFixed(2)}× — ${verdict(checkout <= 2 * mqttMedian && installed <= 2 * mqttMedian)}.`,
    '',
    `## Central accepting: spawn of \`evc central\` to its Monitor port taking a TCP connection (${CENTRAL_RUNS} runs)`,
    '',
    `median ${median(central).toFixed(0)} ms, max ${max(central).toFixed(0)} ms — ${verdict(median(central) <= 300)} (300 ms); ${(median(central) / mqttMedian).toFixed(2)}× this run's mqtt --help, a yardstick for how slow the machine was.`,
    '',
    `## A sim CP AVAILABLE: spawn of \`evc cp --board sim\` (only \`--central\`) to Central showing it AVAILABLE (${CP_RUNS} runs)`,
    '',
    'Central runs in the benchmark process; the CP is two more processes (Engine, Monitor) that learn the device',
    'bus from `welcome`.',
    '',
    `median ${median(cp).toFixed(0)} ms, max ${max(cp).toFixed(0)} ms — ${verdict(median(cp) <= 1000)} (1 s); ${(median(cp) / mqttMedian).toFixed(2)}× this run's mqtt --help.`,
  ].join('\n');
  await writeFile(RESULTS_FILE, `${text}\n`);
  process.stdout.write(`${text}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
