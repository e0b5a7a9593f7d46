// What happens to the relay on each host failure, with StandardFirmata and with our firmware, measured on the
// simulated Uno behind a pty (evc sim-board) — the table in wiring/README.md. `node --import tsx bench/relay-safety.ts`
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FirmwareName } from '../hardware/index.ts';
import { runSimBoard, type SimBoardHandle } from '../hardware/sim-board/sim-board.ts';
import { loadWiring } from '../wiring/index.ts';

const HOST = fileURLToPath(new URL('./relay-safety-host.ts', import.meta.url));
const RESULT = fileURLToPath(new URL('./results/relay-safety.md', import.meta.url));
/** How long (board clock) a relay may stay closed before the row says it stays closed. */
const WAIT_MS = 5000;

type Failure = 'clean exit' | 'SIGKILL' | 'host hang' | 'USB unplugged (board powered on its own)' | 'firmware hang';
const failures: ReadonlyArray<Failure> = ['clean exit', 'SIGKILL', 'host hang', 'USB unplugged (board powered on its own)', 'firmware hang'];

interface Measure {
  readonly openedWallMs?: number;
  readonly openedBoardMs?: number;
  readonly red: boolean;
}

async function startHost(serialPath: string): Promise<ChildProcess> {
  const host = spawn(process.execPath, ['--import', 'tsx', HOST, serialPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: host.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => line.startsWith('closed') && resolve());
    host.once('exit', (code) => reject(new Error(`host exited (${code}) before closing the relay`)));
  });
  return host;
}

async function measure(firmware: FirmwareName, failure: Failure): Promise<Measure> {
  const serialPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'evc-safety-')), 'uno');
  const board: SimBoardHandle = await runSimBoard({ firmware, serialPath, wiring: loadWiring('uno') });
  const host = await startHost(serialPath);
  try {
    await board.sim.waitForOutput('relay', true, 10_000);
    const startWall = performance.now();
    const startBoard = board.uno.simulatedMs;
    switch (failure) {
      case 'clean exit': host.stdin!.write('exit\n'); break;
      case 'SIGKILL': host.kill('SIGKILL'); break;
      case 'host hang': host.stdin!.write('hang\n'); break;
      case 'USB unplugged (board powered on its own)': await board.disconnectHost(); break;
      case 'firmware hang': board.uno.injectHang(); break;
    }
    const opened = await openedWithin(board, startBoard);
    return opened
      ? { openedWallMs: performance.now() - startWall, openedBoardMs: board.uno.simulatedMs - startBoard, red: board.sim.outputs().red }
      : { red: board.sim.outputs().red };
  } finally {
    if (host.exitCode === null && host.signalCode === null) {
      host.kill('SIGKILL');
      await once(host, 'exit');
    }
    await board.close();
  }
}

/**
 * Whether the relay opens within WAIT_MS of the board's own clock: a starved host runs the simulated chip slower than
 * the wall clock, and a watchdog counts the chip's time (the wall clock only bounds the wait, at 20 × that).
 */
async function openedWithin(board: SimBoardHandle, startBoard: number): Promise<boolean> {
  let poll: ReturnType<typeof setInterval> | undefined;
  const boardTimeUp = new Promise<boolean>((resolve) => {
    poll = setInterval(() => {
      if (board.uno.simulatedMs - startBoard > WAIT_MS) resolve(false);
    }, 50);
  });
  try {
    return await Promise.race([board.sim.waitForOutput('relay', false, WAIT_MS * 20).then(() => true, () => false), boardTimeUp]);
  } finally {
    clearInterval(poll);
  }
}

const cell = (result: Measure): string =>
  result.openedWallMs === undefined
    ? `**stays closed** (> ${WAIT_MS / 1000} s)`
    : `opens in ${Math.round(result.openedBoardMs!)} ms (wall ${Math.round(result.openedWallMs)} ms)${result.red ? ', red LED on' : ''}`;

export async function main(): Promise<void> {
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const rows: Array<string> = [];
  for (const failure of failures) {
    const standard = await measure('standard', failure);
    const ours = await measure('evc', failure);
    process.stderr.write(`${failure}: standard ${cell(standard)}; evc ${cell(ours)}\n`);
    rows.push(`| ${failure} | ${cell(standard)} | ${cell(ours)} |`);
  }
  const cpus = os.cpus();
  const text = [
    '# Relay safety on host failures (hardware/, firmware/)',
    '',
    'What the relay does when the host fails, with StandardFirmata 2.4 and with our firmware (EVCFirmata, relay',
    'watchdog armed at 1 s), measured on the simulated Uno behind a pty (`evc sim-board`). The host is the Engine\'s',
    'hardware layer (board, parts, process fail-safe, relay watchdog) with the relay closed as in a charge. Times run from',
    'the failure to the relay pin reading open, on the board\'s clock (the simulated chip; wall clock in brackets).',
    '',
    'Reproduce: `node --import tsx bench/relay-safety.ts`',
    '',
    `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), load average ${load} at the start, Node ${process.version}, ${new Date().toISOString()}.`,
    '',
    '| host failure | StandardFirmata | EVCFirmata (ours) |',
    '|---|---|---|',
    ...rows,
    '',
    'Notes:',
    '- clean exit: the Engine opens the relay itself (fail-safe / close); ours is then disarmed, so no red LED.',
    '- SIGKILL, host hang: nothing runs on the host; only our firmware\'s watchdog opens the relay (timeout 1 s after the',
    '  host\'s last byte; the Engine writes at least every third of it).',
    '- USB unplugged: measured for a board powered on its own (barrel jack / Vin). A USB-powered Uno loses power',
    '  instead, and a relay module fed from its 5 V drops out at once with either firmware.',
    '- firmware hang: injected in the simulator (the CPU spins on one instruction). Our firmware\'s AVR watchdog (250 ms)',
    '  resets the chip; the reset releases every pin (an input without pull-up), which a relay module reads as open.',
    '',
  ].join('\n');
  await writeFile(RESULT, text);
  process.stdout.write(`wrote ${RESULT}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
