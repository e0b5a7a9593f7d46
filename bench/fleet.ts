// Fleet benchmarks (issue 11): Central under `evc fleet` load, real processes, real brokers.
// Reproduce: node --import tsx bench/fleet.ts [idle|mosquitto|charging|requests|kafka|registration ...]
// Each scenario writes bench/results/fleet-<scenario>.md (and the idle one an SVG plot).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startLocalKafka } from '../bus/kafka-local/index.ts';
import type { FleetSummary } from '../fleet/summary.ts';
import { fmt, loadAverage, median, rssMiB, runFleetChild, Sampler, startCentral, startMosquitto, type CentralProcess } from './fleet/harness.ts';
import { cpuRssPlot } from './fleet/svg-plot.ts';

const RESULTS = (name: string): string => fileURLToPath(new URL(`./results/${name}`, import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Run {
  summary: FleetSummary;
  loadBefore: string;
  loadAfter: string;
  cpuPercent?: number;
  rssMiB?: number;
}

function fleetArgs(central: CentralProcess, extra: string[], deviceBus = central.mqttUrl): string[] {
  return ['--central', `127.0.0.1:${central.monitorPort}`, '--device-bus', deviceBus, '--http', central.httpUrl, '--ramp', '1000', ...extra];
}

/** Runs the fleet against `central`, sampling Central's CPU and RSS in the middle of the window. */
async function measured(central: CentralProcess, args: string[], windowS: number): Promise<Run> {
  const loadBefore = loadAverage();
  const sampler = new Sampler(central.pid);
  const startedMs = Date.now();
  let sample: { cpuPercent: number; rssMiB: number } | undefined;
  const fleet = runFleetChild(args);
  // Central's figures in the steady window: from a few seconds after every CP is up.
  const watch = (async () => {
    for (;;) {
      const live = await fetch(`${central.httpUrl}/api/cps`).then((r) => r.json() as Promise<{ state: string }[]>, () => []);
      if (live.length > 0 && live.filter((cp) => cp.state !== 'DISCONNECTED').length >= live.length * 0.999) break;
      if (Date.now() - startedMs > 180_000) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await sampler.start();
    await new Promise((resolve) => setTimeout(resolve, Math.max(2000, (windowS - 6) * 1000)));
    sample = await sampler.read();
  })();
  const summary = await fleet;
  await watch;
  return { summary, loadBefore, loadAfter: loadAverage(), ...(sample ?? {}) };
}

function header(title: string, command: string, claim: string): string[] {
  return [`# ${title}`, '', claim, '', `Reproduce: \`${command}\``, '', `Run at ${new Date().toISOString()}; ${RUNS} runs, median first. Load average (1/5/15 min) shown before and after each run: the machine (2 cores) is shared with other engineers' test runs, so absolute figures are noisy.`, ''];
}

async function idle(): Promise<void> {
  const sizes = [1000, 2000, 4000];
  const points: { cps: number; cpuPercent: number; rssMiB: number }[] = [];
  const rows: string[] = [];
  let baseRss = 0;
  {
    const central = await startCentral();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    baseRss = await rssMiB(central.pid);
    await central.stop();
  }
  const perCp: number[] = [];
  for (const cps of sizes) {
    const runs: Run[] = [];
    for (let i = 0; i < (cps === 2000 ? RUNS : 1); i++) {
      const central = await startCentral();
      try {
        runs.push(await measured(central, fleetArgs(central, ['--cps', String(cps), '--duration', '20', '--prefix', `I${cps}x`]), 20));
      } finally {
        await central.stop();
      }
    }
    for (const run of runs) {
      const kib = run.rssMiB === undefined ? undefined : ((run.rssMiB - baseRss) * 1024) / cps;
      if (cps === 2000 && kib !== undefined) perCp.push(kib);
      rows.push(`| ${cps} | ${fmt(run.summary.cps.allUpMs)} | ${run.summary.dropped.monitorLinksInWindow} / ${run.summary.dropped.busConnectionsInWindow} | ${fmt(run.cpuPercent, 1)} | ${fmt(run.rssMiB)} | ${fmt(kib, 1)} | ${run.loadBefore} → ${run.loadAfter} |`);
    }
    const cpu = median(runs.map((run) => run.cpuPercent ?? 0));
    const rss = median(runs.map((run) => run.rssMiB ?? 0));
    points.push({ cps, cpuPercent: cpu, rssMiB: rss });
  }
  points.unshift({ cps: 0, cpuPercent: 0, rssMiB: baseRss });
  await writeFile(RESULTS('fleet-cpu-rss.svg'), cpuRssPlot(points, 'Central, embedded broker: CPU and RSS against idle CPs'));
  const md = [
    ...header('Fleet: idle CPs on the embedded broker (memory, CPU, ramp)', 'node --import tsx bench/fleet.ts idle', 'Target: under 30 KB of Central memory per idle CP on the embedded broker; a plot of CPU and RSS against N.'),
    `Central with no CP: ${fmt(baseRss)} MiB RSS. Per CP = (RSS with N CPs − that) / N. CPU and RSS sampled over the steady window (all CPs up, heartbeating every second, each on its own MQTT connection to the embedded broker).`,
    '',
    `**Memory per idle CP (2,000 CPs, median of ${perCp.length}): ${fmt(median(perCp), 1)} KiB; marginal, from ${sizes[0]} to ${sizes.at(-1)} CPs: ${fmt(((points.at(-1)!.rssMiB - points[1]!.rssMiB) * 1024) / (sizes.at(-1)! - sizes[0]!), 1)} KiB.**`,
    '',
    '| CPs | all up after ms | dropped in window (Monitor / bus) | Central CPU % (one core) | Central RSS MiB | KiB per CP | load |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    '![Central CPU and RSS against N](bench/results/fleet-cpu-rss.svg)',
  ];
  await writeFile(RESULTS('fleet-idle.md'), md.join('\n') + '\n');
}

async function mosquitto(): Promise<void> {
  const rows: string[] = [];
  const upMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const broker = await startMosquitto();
    const central = await startCentral({ deviceBus: broker.url });
    try {
      // The CPs are registered first (not timed: registration has its own target), then the same
      // CPs (same seed, same secrets) connect, as a fleet does after a Central or network restart.
      const cps = (duration: string) => ['--cps', '10000', '--processes', '2', '--duration', duration, '--ramp-timeout', '300', '--prefix', `M${i}x`, '--seed', `bench-m${i}`];
      await runFleetChild(fleetArgs(central, cps('1'), broker.url));
      const run = await measured(central, fleetArgs(central, cps('60'), broker.url), 60);
      upMs.push(run.summary.cps.allUpMs ?? Infinity);
      rows.push(`| ${i + 1} | ${run.summary.cps.upAtEnd} | ${fmt(run.summary.cps.allUpMs)} | ${fmt(run.summary.cps.allLiveAtCentralMs)} | ${run.summary.dropped.monitorLinksInWindow} / ${run.summary.dropped.busConnectionsInWindow} | ${run.summary.retries.connect} | ${fmt(run.cpuPercent, 1)} | ${fmt(run.rssMiB)} | ${run.loadBefore} → ${run.loadAfter} |`);
    } finally {
      await central.stop();
      await broker.stop();
    }
  }
  const md = [
    ...header('Fleet: 10,000 CPs, device bus on Mosquitto', 'node --import tsx bench/fleet.ts mosquitto', 'Target: 10,000 CPs connected within 60 s and 0 links dropped over a 60 s window. A private Mosquitto on a free port; the fleet in 2 processes (20,000 open files each). The 10,000 CPs are registered by a first fleet run (untimed); the measured run connects the same CPs with their secrets.'),
    `**All up after (median): ${fmt(median(upMs))} ms.**`,
    '',
    '| run | CPs up | all up after ms | live at Central after ms | dropped in 60 s window (Monitor / bus) | connect retries | Central CPU % | Central RSS MiB | load |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
  await writeFile(RESULTS('fleet-mosquitto.md'), md.join('\n') + '\n');
}

async function charging(): Promise<void> {
  const rows: string[] = [];
  const p99: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const central = await startCentral();
    try {
      const run = await measured(central, fleetArgs(central, ['--cps', '1000', '--charging', '1', '--duration', '30', '--prefix', `C${i}x`]), 30);
      const t = run.summary.latencies.telemetryToSseMs;
      p99.push(t.p99Ms ?? Infinity);
      rows.push(`| ${i + 1} | ${run.summary.sessions.started} | ${t.count} | ${fmt(t.p50Ms, 1)} | ${fmt(t.p99Ms, 1)} | ${run.summary.lost.telemetry} | ${run.summary.dropped.monitorLinksInWindow} | ${fmt(run.cpuPercent, 1)} | ${run.loadBefore} → ${run.loadAfter} |`);
    } finally {
      await central.stop();
    }
  }
  const md = [
    ...header('Fleet: 1,000 CPs charging (telemetry → SSE)', 'node --import tsx bench/fleet.ts charging', 'Target: telemetry → SSE p99 under 100 ms, 0 lost. Each CP sends telemetry at 1 Hz; the latency is from the fleet publishing a figure to the figure (or a later one of its session: the stream coalesces per CP) arriving on `GET /events`.'),
    `**telemetry → SSE p99 (median of runs): ${fmt(median(p99), 1)} ms.**`,
    '',
    '| run | sessions | figures matched | p50 ms | p99 ms | lost | dropped links | Central CPU % | load |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
  await writeFile(RESULTS('fleet-charging.md'), md.join('\n') + '\n');
}

async function requests(kind: 'embedded' | 'kafka'): Promise<void> {
  const rows: string[] = [];
  const p99: number[] = [];
  const kafka = kind === 'kafka' ? await startLocalKafka({ onProgress: (line) => process.stderr.write(`[kafka] ${line}\n`) }) : undefined;
  try {
    for (let i = 0; i < RUNS; i++) {
      const central = await startCentral(kafka ? { driverBus: kafka.url } : {});
      try {
        const args = ['--cps', '1000', '--request-rate', '500', '--session-s', '1', '--duration', '20', '--prefix', `R${kind[0]}${i}x`, ...(kafka ? ['--driver-bus', kafka.url] : [])];
        const run = await measured(central, fleetArgs(central, args), 20);
        const a = run.summary.latencies.authorizeMs;
        p99.push(a.p99Ms ?? Infinity);
        const r = run.summary.requests;
        rows.push(`| ${i + 1} | ${r.offered} | ${r.sent} | ${r.authorized} (${r.servedPerS}/s) | ${r.denied} / ${r.unanswered} | ${fmt(a.p50Ms, 1)} | ${fmt(a.p99Ms, 1)} | ${run.summary.sessions.tickets} | ${run.summary.dropped.monitorLinksInWindow} | ${fmt(run.cpuPercent, 1)} | ${run.loadBefore} → ${run.loadAfter} |`);
      } finally {
        await central.stop();
      }
    }
  } finally {
    await kafka?.stop();
  }
  const md = [
    ...header(`Fleet: driver requests at 500/s, 1,000 CPs, driver bus ${kind === 'kafka' ? 'on Kafka' : 'embedded'}`, `node --import tsx bench/fleet.ts ${kind === 'kafka' ? 'kafka' : 'requests'}`, 'Target: driver request → authorized p99 under 50 ms at 500 requests/s with 1,000 CPs. Each request is a 1 s session: authorize, plug in, session-started, telemetry, unplug, session-ended, ack, ticket. A request is sent only when an idle CP and a free driver exist (else "skipped").'),
    `**authorize p99 (median of runs): ${fmt(median(p99), 1)} ms.**`,
    '',
    '| run | offered | sent | authorized | denied / unanswered | p50 ms | p99 ms | tickets | dropped links | Central CPU % | load |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
  await writeFile(RESULTS(`fleet-requests-${kind}.md`), md.join('\n') + '\n');
}

async function registration(): Promise<void> {
  const rows: string[] = [];
  const fresh: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let central = await startCentral();
    const dataDir = central.dataDir;
    const args = (c: CentralProcess) => fleetArgs(c, ['--cps', '1000', '--duration', '1', '--prefix', `G${i}x`, '--seed', `bench-${i}`]);
    try {
      const first = await measured(central, args(central), 1);
      await central.stop();
      central = await startCentral({ dataDir });
      const second = await measured(central, args(central), 1);
      fresh.push(first.summary.cps.allLiveAtCentralMs ?? Infinity);
      again.push(second.summary.cps.allLiveAtCentralMs ?? Infinity);
      rows.push(`| ${i + 1} | ${fmt(first.summary.cps.allLiveAtCentralMs)} | ${first.summary.retries.helloTimeouts} / ${first.summary.retries.connect} | ${fmt(second.summary.cps.allLiveAtCentralMs)} | ${second.summary.retries.helloTimeouts} / ${second.summary.retries.connect} | ${first.loadBefore} → ${second.loadAfter} |`);
    } finally {
      await central.stop();
    }
  }
  const md = [
    ...header('Fleet: registration and login after a restart, 1,000 CPs', 'node --import tsx bench/fleet.ts registration', 'Targets: 1,000 new CPs register within 20 s; 1,000 registered CPs reconnecting after a Central restart all AVAILABLE within 10 s, with their real secrets. Times are from the first hello (the fleet opens 1,000 links/s) until Central shows every CP live on its SSE stream; the second run is a restarted Central on the same data directory, the same secrets (fleet --seed).'),
    `**New: ${fmt(median(fresh))} ms; after a restart: ${fmt(median(again))} ms (medians).**`,
    '',
    '| run | 1,000 new CPs live after ms | hello timeouts / retries | after restart, all live after ms | hello timeouts / retries | load |',
    '|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
  await writeFile(RESULTS('fleet-registration.md'), md.join('\n') + '\n');
}

const SCENARIOS: Record<string, () => Promise<void>> = {
  idle,
  mosquitto,
  charging,
  requests: () => requests('embedded'),
  kafka: () => requests('kafka'),
  registration,
};

export async function main(names: string[] = Object.keys(SCENARIOS)): Promise<void> {
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
    process.stderr.write(`== fleet ${name} (load ${loadAverage()})\n`);
    await scenario();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
