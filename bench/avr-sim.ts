// avr-sim benchmark: how fast the simulated ATmega328P runs StandardFirmata, and what it costs the host.
// Reproduce: node --import tsx bench/avr-sim.ts
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Atmega328p } from '../hardware/avr-sim/atmega328p.ts';
import { openAvrSimBoard, type AvrSimBoard } from '../hardware/avr-sim/avr-sim-board.ts';
import { loadFirmware } from '../hardware/avr-sim/firmware.ts';
import { loadWiring } from '../wiring/index.ts';

const RESULTS_FILE = fileURLToPath(new URL('./results/avr-sim.md', import.meta.url));
const BOARDS = 8;
const RAW_SIMULATED_MS = 5000;
const TRACKING_WALL_MS = 5000;
const ROUND_TRIPS = 200;
const wiring = loadWiring('uno');

interface Summary {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { samples: sorted.length, p50: at(50), p99: at(99), max: sorted[sorted.length - 1]! };
}

/** Simulated ms per CPU ms with nothing but the CPU loop running (no event loop, no serial traffic). */
async function rawSpeed(): Promise<{ ratio: number; mhz: number }> {
  const chip = new Atmega328p(await loadFirmware());
  chip.runUntil(chip.clockHz * 2); // past the boot blink, into Firmata's loop()
  // CPU time, not wall time: on a shared host the wall clock also counts other jobs' turns.
  const cpuBefore = process.cpuUsage();
  const startCycles = chip.cycles;
  chip.runUntil(startCycles + (chip.clockHz * RAW_SIMULATED_MS) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const cycles = chip.cycles - startCycles;
  return { ratio: ((cycles / chip.clockHz) * 1000) / cpuMs, mhz: cycles / cpuMs / 1000 };
}

async function timeToReady(fastBoot: boolean, count: number): Promise<{ readyMs: number[]; bootMs: number[] }> {
  const readyMs: number[] = [];
  const bootMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const board = await openAvrSimBoard({ wiring, fastBoot });
    readyMs.push(board.readyMs);
    bootMs.push(board.uno.simulatedMs);
    await board.close();
  }
  return { readyMs, bootMs };
}

/** With a ready board in real-time pace, idle: does simulated time keep in step, and what share of a core does it take? */
async function tracking(board: AvrSimBoard): Promise<{ inStep: number; busyShare: number; droppedMs: number }> {
  const before = board.uno.clockStats();
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, TRACKING_WALL_MS));
  const cpu = process.cpuUsage(cpuBefore);
  const after = board.uno.clockStats();
  const realMs = after.realMs - before.realMs;
  // CPU time, not wall time in slices: on a shared host a slice's wall time includes time other jobs ran.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { inStep: (after.simulatedMs - before.simulatedMs) / realMs, busyShare: cpuMs / realMs, droppedMs: after.droppedMs - before.droppedMs };
}

/** digitalWrite → the firmware drives the port pin; finger on an input → the firmware's report reaches firmata-io. */
async function roundTrips(board: AvrSimBoard): Promise<{ write: Summary; report: Summary }> {
  const { j5, sim } = board;
  j5.pinMode(12, 1);
  j5.pinMode(4, 0); // INPUT, then HIGH for the pull-up: what johnny-five's Button does (Firmata 2.4 has no PULLUP mode)
  j5.digitalWrite(4, 1);
  j5.digitalRead(4, () => {});
  const writeMs: number[] = [];
  const reportMs: number[] = [];
  // A gap before each sample, varied so samples land at every phase of the runner's batches, not just after one.
  const gap = (i: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, 3 + (i % 7)));
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const level = (i % 2 === 0 ? 1 : 0) as 0 | 1;
    await gap(i);
    const writeStart = performance.now();
    const driven = new Promise<void>((resolve) => {
      const listener = (change: { pin: number; level: number }): void => {
        if (change.pin === 12 && change.level === level) {
          sim.off('pin-change', listener);
          resolve();
        }
      };
      sim.on('pin-change', listener);
    });
    j5.digitalWrite(12, level);
    await driven;
    writeMs.push(performance.now() - writeStart);

    await gap(i + 3);
    const reportStart = performance.now();
    const reported = new Promise<void>((resolve) => j5.io.once(`digital-read-4`, () => resolve()));
    board.uno.setExternalLevel(4, level === 1 ? 0 : null);
    await reported;
    reportMs.push(performance.now() - reportStart);
  }
  return { write: summarise(writeMs), report: summarise(reportMs) };
}

export async function main(): Promise<void> {
  const started = new Date().toISOString();
  const raw = await rawSpeed();
  console.log(`raw CPU loop: ${raw.ratio.toFixed(2)}× real time per CPU second (${raw.mhz.toFixed(1)} simulated MHz)`);
  const cold = await timeToReady(true, 1);
  const warm = await timeToReady(true, BOARDS);
  const realTimeBoot = await timeToReady(false, 1);
  const ready = summarise(warm.readyMs);
  console.log(`ready: first ${cold.readyMs[0]!.toFixed(0)} ms, then p50 ${ready.p50.toFixed(0)} ms max ${ready.max.toFixed(0)} ms; real-time boot ${realTimeBoot.readyMs[0]!.toFixed(0)} ms`);
  const board = await openAvrSimBoard({ wiring });
  const track = await tracking(board);
  console.log(`idle in real time: ${track.inStep.toFixed(3)} simulated/real, ${(track.busyShare * 100).toFixed(0)}% of a core, ${track.droppedMs.toFixed(0)} ms dropped`);
  const trips = await roundTrips(board);
  console.log(`digitalWrite → pin p50 ${trips.write.p50.toFixed(2)} ms; pin → digital-read p50 ${trips.report.p50.toFixed(2)} ms`);
  await board.close();
  await writeFile(RESULTS_FILE, render({ started, raw, cold, warm, realTimeBoot, ready, track, trips }));
  console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

function render(r: {
  started: string;
  raw: { ratio: number; mhz: number };
  cold: { readyMs: number[]; bootMs: number[] };
  warm: { readyMs: number[]; bootMs: number[] };
  realTimeBoot: { readyMs: number[]; bootMs: number[] };
  ready: Summary;
  track: { inStep: number; busyShare: number; droppedMs: number };
  trips: { write: Summary; report: Summary };
}): string {
  const cpus = os.cpus();
  const ms = (value: number): string => value.toFixed(2);
  return [
    '# avr-sim benchmark (hardware/avr-sim)',
    '',
    'The `avr-sim` board runs the real StandardFirmata 2.4 on an ATmega328P simulated by avr8js (DESIGN §6 `--board avr-sim`).',
    '',
    'Reproduce: `node --import tsx bench/avr-sim.ts`',
    '',
    `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type().toLowerCase()} ${os.release()}, Node ${process.version}. Shared with other jobs, so treat single numbers as noisy.`,
    '',
    `Run at ${r.started}.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| raw CPU loop, StandardFirmata's loop() (simulated time / CPU time) | ${r.raw.ratio.toFixed(2)}× (${r.raw.mhz.toFixed(1)} MHz of a 16 MHz chip) |`,
    `| time to johnny-five ready, first board in the process (fast boot) | ${r.cold.readyMs[0]!.toFixed(0)} ms |`,
    `| time to johnny-five ready, next ${r.ready.samples} boards (fast boot), p50 / max | ${r.ready.p50.toFixed(0)} / ${r.ready.max.toFixed(0)} ms |`,
    `| simulated time at ready (firmware boot + handshake) | ${r.warm.bootMs[0]!.toFixed(0)} ms |`,
    `| time to ready with the boot in real time (\`fastBoot: false\`) | ${r.realTimeBoot.readyMs[0]!.toFixed(0)} ms |`,
    `| idle board in real time: simulated / wall time over ${TRACKING_WALL_MS / 1000} s | ${r.track.inStep.toFixed(3)} |`,
    `| idle board in real time: process CPU time (share of one core) | ${(r.track.busyShare * 100).toFixed(0)} % |`,
    `| idle board in real time: simulated time dropped (host too slow) | ${r.track.droppedMs.toFixed(0)} ms |`,
    `| \`digitalWrite\` → port pin driven by the firmware, p50 / p99 / max (${r.trips.write.samples}) | ${ms(r.trips.write.p50)} / ${ms(r.trips.write.p99)} / ${ms(r.trips.write.max)} ms |`,
    `| input pin change → firmware's report at firmata-io, p50 / p99 / max (${r.trips.report.samples}) | ${ms(r.trips.report.p50)} / ${ms(r.trips.report.p99)} / ${ms(r.trips.report.max)} ms |`,
    '',
    'Notes:',
    '- "Raw CPU loop" runs the chip with nothing else: the ceiling. A board paces itself to real time, so it needs',
    '  1 / ratio of a core while idle (StandardFirmata never sleeps; its loop() polls the serial port and the inputs).',
    '- Fast boot: the chip runs flat out until johnny-five is ready, then in real time. StandardFirmata blinks its',
    '  version on D13 for ~1.9 s of simulated time before it says hello, as a real Uno does after reset.',
    '- A board in real time runs the chip in batches of at least 2 ms of simulated time (waking for every sliver of lag',
    '  cost more in scheduling than in simulation), so a command from the host waits up to ~2 ms before the firmware',
    '  sees it, plus its time on the 57600-baud line (a 3-byte command is ~0.5 ms). An input change is reported by',
    '  the next pass of the firmware\'s loop(), which runs in the batch already under way or the next one.',
    '- Each round trip starts after a gap of 3–9 ms, so samples fall at every phase of the batches.',
    '- Process CPU time counts every thread of the process (GC, the TypeScript loader), so it sits above 1 / ratio.',
    '- Wall-clock rows (ready, round trips) move with the load other jobs put on this shared machine.',
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
