// Shared parts of the fleet benchmarks: Central and a private Mosquitto as real processes,
// Central's CPU and RSS sampled from /proc, `evc fleet --json` as a child, load averages.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { FleetSummary } from '../../fleet/summary.ts';
import { freePort as freePortOn } from '../../demo/net.ts';

export const EVC = fileURLToPath(new URL('../../bin/evc', import.meta.url));
const TICK_HZ = 100; // USER_HZ on Linux

/** A free loopback port (demo/net.ts's, bound on 127.0.0.1). */
export const freePort = (): Promise<number> => freePortOn('127.0.0.1');

export function loadAverage(): string {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}

/** CPU seconds (user+system) and RSS (KiB) of a process, from /proc. */
async function procStats(pid: number): Promise<{ cpuS: number; rssKiB: number }> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const cpuS = (Number(stat[11]) + Number(stat[12])) / TICK_HZ;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuS, rssKiB };
}

/** RSS of a process now, MiB. */
export async function rssMiB(pid: number): Promise<number> {
  return (await procStats(pid)).rssKiB / 1024;
}

export class Sampler {
  readonly #pid: number;
  #mark: { cpuS: number; atMs: number } | undefined;

  constructor(pid: number) {
    this.#pid = pid;
  }

  async start(): Promise<void> {
    this.#mark = { cpuS: (await procStats(this.#pid)).cpuS, atMs: Date.now() };
  }

  /** CPU % of one core since start(), and RSS now (MiB). */
  async read(): Promise<{ cpuPercent: number; rssMiB: number }> {
    const { cpuS, rssKiB } = await procStats(this.#pid);
    const mark = this.#mark!;
    return { cpuPercent: (100 * (cpuS - mark.cpuS)) / ((Date.now() - mark.atMs) / 1000), rssMiB: rssKiB / 1024 };
  }
}

export interface CentralProcess {
  pid: number;
  monitorPort: number;
  httpUrl: string;
  mqttUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** `BENCH_PROFILE=<dir>`: Central and the fleet write V8 CPU profiles there (open them in Chrome DevTools). */
const profileArgs = (): string[] => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);

export async function startCentral(options: { dataDir?: string; deviceBus?: string; driverBus?: string; extra?: string[] } = {}): Promise<CentralProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'evc-bench-fleet-')));
  const [monitorPort, httpPort, mqttPort] = [await freePort(), await freePort(), await freePort()];
  const args = [
    EVC, 'central', '--data', dataDir, '--port', String(monitorPort), '--http', String(httpPort), '--mqtt-port', String(mqttPort),
    '--no-panel', '--registration', 'open', '--device-bus', options.deviceBus ?? 'embedded', '--driver-bus', options.driverBus ?? 'embedded',
    // Every fleet CP dials from 127.0.0.1: the per-address hello rate (issue 9) would pace the ramp, not Central.
    '--hello-rate', '100000',
    ...(options.extra ?? []),
  ];
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_')));
  const child = spawn(process.execPath, [...profileArgs(), ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Central exited: ${stderr}`);
    const ok = await fetch(`${httpUrl}/api/cps`).then((response) => response.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`Central did not start: ${stderr}`);
    await delay(200);
  }
  return {
    pid: child.pid!,
    monitorPort,
    httpUrl,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    dataDir,
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

export interface Mosquitto {
  url: string;
  stop(): Promise<void>;
}

/** A private Mosquitto on a free loopback port, allowing as many connections as the fd limit does. */
export async function startMosquitto(): Promise<Mosquitto> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'evc-bench-mosquitto-'));
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  await writeFile(config, `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\npersistence false\nmax_queued_messages 10000\nset_tcp_nodelay true\n`);
  const child = spawn('mosquitto', ['-c', config], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(!!socket.end()));
      socket.on('error', () => resolve(false));
    });
    if (ok) break;
    await delay(100);
  }
  return { url: `mqtt://127.0.0.1:${port}`, stop: async () => { await stopChild(child); await rm(dir, { recursive: true, force: true }); } };
}

/** `evc fleet --json` as a child process; resolves with its summary. */
export async function runFleetChild(args: string[]): Promise<FleetSummary> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_')));
  const child = spawn(process.execPath, [...profileArgs(), EVC, 'fleet', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`evc fleet exited ${code}: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as FleetSummary;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function fmt(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? '–' : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
