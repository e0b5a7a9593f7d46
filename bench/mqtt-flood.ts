// Memory under an unauthenticated MQTT flood (issue 9): Central on embedded defaults, four raw
// sockets each sending a CONNECT that declares 64 MiB and then streaming those 64 MiB.
// Target: Central's RSS stays within 50 MiB of its idle value. Before the broker's packet guard
// the same flood took it from 160 to 480 MiB.
// Reproduce: node --import tsx bench/mqtt-flood.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureDist } from '../scripts/dist.mjs';
import { writeBenchmarksMd } from './benchmarks-md.ts';
import { connectHeader } from '../test/helpers/raw-mqtt.ts';
import { EVC, freePort, rssMiB } from './fleet/harness.ts';

const RESULTS_FILE = fileURLToPath(new URL('./results/mqtt-flood.md', import.meta.url));
const SOCKETS = 4;
const DECLARED_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const TARGET_MIB = 50;

const loadAverage = async (): Promise<string> => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A CONNECT's fixed header declaring `DECLARED_BYTES`, then a plausible start of its body. */
function connectHead(index: number): Buffer {
  const clientId = Buffer.from(`flood-${index}`);
  const variableHeader = Buffer.from([0x00, 0x04, ...Buffer.from('MQTT'), 0x04, 0x02, 0x00, 0x3c, clientId.length >> 8, clientId.length & 0xff]);
  return Buffer.concat([connectHeader(DECLARED_BYTES), variableHeader, clientId]);
}

interface FloodResult {
  /** Bytes written to the socket before the broker closed it. */
  sentBytes: number;
  closedBy: string;
}

/** One raw socket: the CONNECT head, then filler until 64 MiB are sent or the broker hangs up. */
async function flood(port: number, index: number): Promise<FloodResult> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let closedBy = 'all 64 MiB sent';
  const ended = new Promise<void>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => (closedBy = `the broker closed it (${error.code ?? error.message})`));
    socket.once('close', () => resolve());
  });
  socket.on('data', () => undefined);
  const filler = Buffer.alloc(CHUNK_BYTES, 0x41);
  let left = DECLARED_BYTES;
  socket.write(connectHead(index));
  while (left > 0 && !socket.destroyed) {
    const chunk = left >= CHUNK_BYTES ? filler : filler.subarray(0, left);
    left -= chunk.length;
    if (!socket.write(chunk) && !(await drainedOrClosed(socket))) break;
  }
  if (!socket.destroyed) socket.end();
  await ended;
  if (closedBy === 'all 64 MiB sent' && left > 0) closedBy = 'the broker closed it';
  return { sentBytes: socket.bytesWritten, closedBy };
}

/** True once the socket drains, false if it closes first (the broker hung up); never rejects. */
function drainedOrClosed(socket: net.Socket): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve(false);
    const settle = (drained: boolean) => (): void => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      resolve(drained);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    socket.once('drain', onDrain);
    socket.once('close', onClose);
  });
}

interface Central {
  child: ChildProcess;
  pid: number;
  httpUrl: string;
  mqttPort: number;
  dataDir: string;
}

/** `evc central` exactly as an operator starts it, on free ports: embedded broker, its default limits. */
async function startCentral(): Promise<Central> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'evc-bench-flood-'));
  const [monitorPort, httpPort, mqttPort] = [await freePort(), await freePort(), await freePort()];
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_')));
  const args = [EVC, 'central', '--data', dataDir, '--port', String(monitorPort), '--http', String(httpPort), '--mqtt-port', String(mqttPort), '--no-panel', '--log-level', 'warn'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  for (const deadline = Date.now() + 60_000; ; await delay(200)) {
    if (child.exitCode !== null) throw new Error(`Central exited with ${child.exitCode}`);
    if (await fetch(`${httpUrl}/api/cps`).then((response) => response.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error('Central did not start within 60 s');
  }
  return { child, pid: child.pid!, httpUrl, mqttPort, dataDir };
}

async function stopCentral(central: Central): Promise<void> {
  const exited = once(central.child, 'exit');
  central.child.kill('SIGINT');
  const timer = setTimeout(() => central.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
  await rm(central.dataDir, { recursive: true, force: true });
}

/** RSS every `everyMs` until `until` settles; returns the samples. */
async function sampleRss(pid: number, everyMs: number, until: Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let done = false;
  until.then(() => (done = true), () => (done = true));
  while (!done) {
    samples.push(await rssMiB(pid));
    await delay(everyMs);
  }
  samples.push(await rssMiB(pid));
  return samples;
}

async function refusedPackets(httpUrl: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith('evc_rejected_total{source="mqtt",reason="packet-too-large"} '));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

export async function main(): Promise<void> {
  await ensureDist();
  const loadBefore = await loadAverage();
  const central = await startCentral();
  try {
    // Idle: after start-up settles, the median of 2 s of samples.
    await delay(3000);
    const idle = median(await sampleRss(central.pid, 250, delay(2000)));
    const started = Date.now();
    const floods = Promise.all(Array.from({ length: SOCKETS }, (_, index) => flood(central.mqttPort, index)));
    const during = await sampleRss(central.pid, 50, floods);
    const results = await floods;
    const floodMs = Date.now() - started;
    await delay(2000);
    const after = median(await sampleRss(central.pid, 250, delay(1000)));
    const peak = Math.max(...during);
    const counted = await refusedPackets(central.httpUrl);
    const stillServing = await fetch(`${central.httpUrl}/api/cps`).then((response) => response.ok, () => false);
    const loadAfter = await loadAverage();
    const within = peak - idle <= TARGET_MIB;
    const sentMiB = results.map((result) => (result.sentBytes / 1024 / 1024).toFixed(2));
    const md = [
      '# Memory under an MQTT CONNECT flood (issue 9)',
      '',
      `Central on embedded defaults (\`evc central\` with only ports and data dir given: the broker refuses packets over 64 KiB before buffering them), ${SOCKETS} raw sockets each sending an MQTT CONNECT that declares 64 MiB and then streaming the 64 MiB. Target: Central's RSS stays within ${TARGET_MIB} MiB of idle (before the packet guard, 160 → 480 MiB).`,
      '',
      'Reproduce: `node --import tsx bench/mqtt-flood.ts`',
      '',
      `Measured ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; load average (/proc/loadavg, 1/5/15 min) ${loadBefore} before, ${loadAfter} after: the machine was shared with other work.`,
      '',
      '| Central RSS | MiB |',
      '|---|---:|',
      `| idle (median of 2 s, 3 s after start) | ${idle.toFixed(1)} |`,
      `| peak during the flood (sampled every 50 ms, ${during.length} samples over ${floodMs} ms) | ${peak.toFixed(1)} |`,
      `| after (median of 1 s, 2 s after the last socket closed) | ${after.toFixed(1)} |`,
      `| **peak − idle** | **${(peak - idle).toFixed(1)}** (${within ? 'within' : 'over'} the ${TARGET_MIB} MiB target) |`,
      '',
      `The sockets had written ${sentMiB.join(', ')} MiB when: ${[...new Set(results.map((result) => result.closedBy))].join('; ')}. \`evc_rejected_total{source="mqtt",reason="packet-too-large"}\` went to ${counted}; Central still answered HTTP afterwards: ${stillServing ? 'yes' : 'no'}.`,
      '',
    ];
    await writeFile(RESULTS_FILE, md.join('\n'));
    process.stdout.write(md.join('\n'));
  } finally {
    await stopCentral(central);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
  process.stdout.write(`wrote ${await writeBenchmarksMd()}\n`);
}
