// Dashboard fan-out benchmark (issue 14): 1,000 CPs charging (telemetry at 1 Hz each, from
// `evc fleet`) while 0 or 20 dashboards hold Central's SSE stream open. Measures Central's
// event-loop lag (its own /metrics, prom-client's monitorEventLoopDelay, scraped every 5 s),
// its CPU, the telemetry → SSE latency `evc fleet` measures on its own stream, and what each
// dashboard receives.
// Reproduce: node --import tsx bench/fanout.ts   (EVC_FANOUT_CPS, EVC_FANOUT_S to change the size)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../demo/net.ts';
import type { FleetSummary } from '../fleet/summary.ts';

const CPS = Number(process.env.EVC_FANOUT_CPS ?? 1000);
const WINDOW_S = Number(process.env.EVC_FANOUT_S ?? 30);
/** Central's Monitor heartbeat: a shared, overloaded machine can starve 1,000 links past 3 × 1 s. */
const HEARTBEAT_MS = Number(process.env.EVC_FANOUT_HEARTBEAT_MS ?? 1000);
const DASHBOARDS = [0, 20];
const EVC = fileURLToPath(new URL('../bin/evc', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/fanout.md', import.meta.url));

interface Row {
  dashboards: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  cpuPercent: number;
  sseP50Ms: number | null;
  sseP99Ms: number | null;
  telemetryLost: number | null;
  perDashboardKBps: number;
  perDashboardEventsPerS: number;
  load: string;
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function run(args: string[], name: string): ChildProcess {
  const child = spawn(process.execPath, [EVC, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    if (process.env.EVC_FANOUT_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null && name === 'fleet') process.stderr.write(`${name} exited ${code}:\n${tail}\n`);
  });
  child.on('error', (error) => console.error(`${name}: ${error.message}`));
  return child;
}

async function untilOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** A dashboard's stream: counts bytes and events. */
class Dashboard {
  bytes = 0;
  events = 0;
  readonly #abort = new AbortController();

  async open(url: string): Promise<void> {
    const response = await fetch(`${url}/events`, { signal: this.#abort.signal });
    const reader = response.body!.getReader();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          this.bytes += value.length;
          for (let i = 0; i < value.length; i++) if (value[i] === 0x0a && value[i + 1] === 0x0a) this.events++;
        }
      } catch {
        // aborted
      }
    })();
  }

  close(): void {
    this.#abort.abort();
  }
}

interface LagSample {
  p50: number;
  p99: number;
  max: number;
}

async function scrapeLag(url: string): Promise<LagSample | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1]);
    return { p50: value('nodejs_eventloop_lag_p50_seconds') * 1000, p99: value('nodejs_eventloop_lag_p99_seconds') * 1000, max: value('nodejs_eventloop_lag_max_seconds') * 1000 };
  } catch {
    return undefined;
  }
}

async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function scenario(dashboards: number): Promise<Row> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'evc-fanout-'));
  const [monitorPort, httpPort, mqttPort] = await distinctPorts(3);
  const http = `http://127.0.0.1:${httpPort}`;
  const central = run(
    // --hello-rate: every fleet CP dials from 127.0.0.1, and the per-address hello rate (issue 9) would pace the ramp.
    ['central', '--registration', 'open', '--hello-rate', '100000', '--no-panel', '--heartbeat-ms', String(HEARTBEAT_MS), '--data', dataDir, '--port', String(monitorPort), '--http', String(httpPort), '--mqtt-port', String(mqttPort), '--log-level', 'warn'],
    'central',
  );
  const streams: Dashboard[] = [];
  try {
    await untilOk(`${http}/api/cps`, 60_000);
    for (let i = 0; i < dashboards; i++) {
      const stream = new Dashboard();
      await stream.open(http);
      streams.push(stream);
    }
    const fleet = run(
      ['fleet', '--cps', String(CPS), '--charging', '1', '--duration', String(WINDOW_S), '--json', '--central', `127.0.0.1:${monitorPort}`, '--device-bus', `mqtt://127.0.0.1:${mqttPort}`, '--http', http],
      'fleet',
    );
    let output = '';
    fleet.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Lag samples every 5 s; the fleet's measured window is its last WINDOW_S seconds, so the samples kept are those.
    const samples: Array<{ atMs: number; lag: LagSample }> = [];
    const ticks: Array<{ atMs: number; ticks: number; bytes: number; events: number }> = [];
    const sampler = setInterval(async () => {
      const lag = await scrapeLag(http);
      if (lag) samples.push({ atMs: Date.now(), lag });
      ticks.push({ atMs: Date.now(), ticks: await cpuTicks(central.pid!), bytes: streams.reduce((s, d) => s + d.bytes, 0), events: streams.reduce((s, d) => s + d.events, 0) });
    }, 5000);
    const exitCode = await new Promise<number | null>((resolve) => fleet.on('exit', resolve));
    clearInterval(sampler);
    const load = os.loadavg().map((n) => n.toFixed(2)).join(' ');
    const summary = JSON.parse(output.trim().split('\n').at(-1)!) as FleetSummary;
    if (exitCode !== 0) console.log(`evc fleet exited ${exitCode}`);
    const endMs = Date.now();
    const inWindow = samples.filter((sample) => sample.atMs >= endMs - summary.windowMs - 1000);
    const window = ticks.filter((tick) => tick.atMs >= endMs - summary.windowMs - 1000);
    const first = window[0]!;
    const last = window.at(-1)!;
    const seconds = (last.atMs - first.atMs) / 1000;
    const clockTicks = 100; // USER_HZ on Linux
    const row: Row = {
      dashboards,
      lagP50Ms: median(inWindow.map((s) => s.lag.p50)),
      lagP99Ms: Math.max(...inWindow.map((s) => s.lag.p99)),
      lagMaxMs: Math.max(...inWindow.map((s) => s.lag.max)),
      cpuPercent: seconds > 0 ? ((last.ticks - first.ticks) / clockTicks / seconds) * 100 : NaN,
      sseP50Ms: summary.latencies.telemetryToSseMs.p50Ms,
      sseP99Ms: summary.latencies.telemetryToSseMs.p99Ms,
      telemetryLost: summary.lost.telemetry,
      perDashboardKBps: dashboards > 0 && seconds > 0 ? (last.bytes - first.bytes) / dashboards / seconds / 1024 : 0,
      perDashboardEventsPerS: dashboards > 0 && seconds > 0 ? (last.events - first.events) / dashboards / seconds : 0,
      load,
    };
    console.log(`${dashboards} dashboards: CPs up ${summary.cps.upAtEnd}/${CPS}`, JSON.stringify(row));
    return row;
  } finally {
    for (const stream of streams) stream.close();
    central.kill('SIGINT');
    await new Promise((resolve) => central.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** What the two rows say, in one sentence (the figures, not a hope). */
function verdict(rows: Row[]): string {
  const [none, many] = [rows.find((row) => row.dashboards === 0), rows.find((row) => row.dashboards > 0)];
  if (!none || !many) return '';
  return (
    `Result: with ${many.dashboards} dashboards Central's event-loop lag p99 was ${f(many.lagP99Ms)} ms (${f(none.lagP99Ms)} ms without), ` +
    `its CPU ${f(many.cpuPercent, 0)} % (${f(none.cpuPercent, 0)} %), telemetry → SSE p50 ${f(many.sseP50Ms, 0)} ms (${f(none.sseP50Ms, 0)} ms); ` +
    `each dashboard received ${f(many.perDashboardEventsPerS, 0)} events/s (${f(many.perDashboardKBps)} KiB/s), sent as one write per 20 ms batch. ` +
    'Compare the rows with the load average beside them: on a machine this loaded, waiting for a CPU dominates both.'
  );
}

const f = (value: number | null, digits = 1) => (value === null || Number.isNaN(value) ? '–' : value.toFixed(digits));

export async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const dashboards of DASHBOARDS) rows.push(await scenario(dashboards));
  const lines = [
    '# Dashboard fan-out (central/http SSE)',
    '',
    `Issue 14: with ${CPS} CPs charging (telemetry 1 Hz each, from \`evc fleet\` in its own process) and 20`,
    "dashboards holding `GET /events` open, Central's event loop must stay responsive and telemetry must",
    'reach the browsers quickly. The SSE hub gathers events for 20 ms and coalesces each CP to its',
    'latest view, so each dashboard gets one write per batch however many CPs change.',
    '',
    'Reproduce: `node --import tsx bench/fanout.ts` (a real `evc central` process; `evc fleet` as the load).',
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; shared with other jobs (load average in the table).`,
    `Run at ${new Date().toISOString()}, ${WINDOW_S} s measured window each; Central's Monitor heartbeat ${HEARTBEAT_MS} ms.`,
    '',
    '| dashboards | event-loop lag p50 / p99 / max ms | Central CPU % | telemetry → SSE p50 / p99 ms | telemetry lost | per dashboard KiB/s | per dashboard events/s | load (1/5/15 min) |',
    '|---:|---|---:|---|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.dashboards} | ${f(row.lagP50Ms)} / ${f(row.lagP99Ms)} / ${f(row.lagMaxMs)} | ${f(row.cpuPercent, 0)} | ${f(row.sseP50Ms, 0)} / ${f(row.sseP99Ms, 0)} | ${row.telemetryLost ?? '–'} | ${f(row.perDashboardKBps)} | ${f(row.perDashboardEventsPerS, 0)} | ${row.load} |`,
    ),
    '',
    verdict(rows),
    '',
    'Notes:',
    "- Lag: prom-client's `nodejs_eventloop_lag_*` from Central's `/metrics`, scraped every 5 s (each scrape covers the 5 s",
    '  before it); p50 is the median of the scrapes in the window, p99 and max the worst scrape.',
    "- Telemetry → SSE: from a simulated CP's publish to the `cp` event on `evc fleet`'s own SSE stream (one more client),",
    '  so it includes the device bus, the core, the 20 ms batch and the HTTP write.',
    '- "0 dashboards" still has that one stream of `evc fleet`.',
  ];
  await writeFile(RESULTS_FILE, `${lines.join('\n')}\n`);
  console.log(`wrote ${RESULTS_FILE}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
