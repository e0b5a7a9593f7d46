// `npm run reliability` (issue #10, DESIGN §1 "keeps working when any single component
// fails"): real processes on sim boards, one fault per charge at a random moment of its life,
// on embedded defaults and on Kafka; prints one table and writes RELIABILITY.md.
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { driverRecordOf } from '../demo/driver-records.ts';
import { ChargingNetwork, uniquePrefix } from '../test/helpers/e2e-network.ts';
import { kafkaForTests } from '../test/helpers/kafka.ts';
import { ProcessSet, httpJson, pollUntil } from '../test/helpers/processes.ts';
import { ledgerSessions, runIteration, type IterationContext, type Scenario } from './iteration.ts';

const SCENARIOS: Scenario[] = [
  { name: 'Central SIGKILL', target: 'central', kind: 'SIGKILL', phases: ['before-authorize', 'reserved', 'charging', 'at-unplug', 'after-ledger'] },
  { name: 'Engine SIGKILL', target: 'engine', kind: 'SIGKILL', phases: ['before-authorize', 'reserved', 'charging', 'at-unplug'] },
  { name: 'Engine SIGSTOP (hang)', target: 'engine', kind: 'SIGSTOP', phases: ['reserved', 'charging', 'at-unplug'] },
  { name: 'Monitor SIGKILL', target: 'monitor', kind: 'SIGKILL', phases: ['before-authorize', 'reserved', 'charging', 'at-unplug'] },
  { name: 'driver SIGKILL', target: 'driver', kind: 'SIGKILL', phases: ['reserved', 'charging', 'at-unplug'] },
];

interface Row {
  setting: string;
  scenario: string;
  faults: number;
  sessions: number;
  delivered: number;
  lost: number;
  duplicated: number;
  hung: number;
  crashes: number;
}

function parseArgs(argv: string[]): { runs: number; kafkaRuns: number; settings: string[] } {
  const value = (flag: string, fallback: number): number => {
    const index = argv.indexOf(flag);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  const only = argv.indexOf('--only');
  return { runs: value('--runs', 3), kafkaRuns: value('--kafka-runs', 2), settings: only >= 0 ? argv[only + 1]!.split(',') : ['embedded', 'kafka'] };
}

/** A small seeded generator, so a run can be repeated: `--seed N`. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1_000_000) / 1_000_000;
  };
}

/** Parallel lanes: one CP and one driver each, so faults on Engines, Monitors and drivers run side by side. */
const LANES = 3;

async function runSetting(setting: 'embedded' | 'kafka', runs: number, random: () => number, log: (line: string) => void, onRow: (row: Row) => Promise<void>): Promise<Row[]> {
  const processes = new ProcessSet();
  let bus = 'embedded';
  if (setting === 'kafka') {
    const fakeContext = { timeout: () => 0 } as unknown as Mocha.Context;
    bus = await kafkaForTests(fakeContext);
  }
  const network = await ChargingNetwork.start(processes, {
    idPrefix: uniquePrefix(setting === 'kafka' ? 'K' : 'R'),
    buses: { deviceBus: bus, driverBus: bus, engineBus: bus, driverBusForDrivers: bus },
    registration: 'open',
    prices: Array.from({ length: LANES }, (_, lane) => 0.3 + lane / 10),
  });
  const rows: Row[] = [];
  try {
    for (const scenario of SCENARIOS) {
      // Central is one process: its kills come from one lane (the others would kill the Central it restarts).
      const lanes = scenario.target === 'central' ? [0] : Array.from({ length: LANES }, (_, lane) => lane);
      const laneRuns = scenario.target === 'central' ? runs + 2 : runs;
      const laneDrivers: Array<IterationContext['drivers']> = lanes.map(() => []);
      const before = await ledgerSessions(network);
      const cpLinesBefore = network.cps.map((cp) => cp.process.lineCount);
      let faults = 0;
      await Promise.all(lanes.map(async (lane, laneIndex) => {
        const drivers = laneDrivers[laneIndex]!;
        for (let run = 0; run < laneRuns; run++) {
          const phase = scenario.phases[Math.floor(random() * scenario.phases.length)]!;
          log(`  [${setting}] ${scenario.name} lane ${lane} #${run + 1}: at ${phase}`);
          const ctx: IterationContext = { network, cpIndex: lane, driverId: `${network.idPrefix}D${rows.length}L${lane}`, drivers, random, log };
          await runIteration(ctx, scenario, phase);
          faults++;
          await settle(network, lane, log);
        }
      }));
      const laneCps = new Set(lanes.map((lane) => network.cp(lane).id));
      const sessions = [...(await ledgerSessions(network))].filter(([id, cpId]) => !before.has(id) && laneCps.has(cpId)).map(([id]) => id);
      const shown = new Map<string, number>();
      for (const driver of laneDrivers.flat()) {
        for (const line of driver.process.lines()) {
          const record = driverRecordOf(line);
          if (record?.type === 'ticket') shown.set(String(record.sessionId), (shown.get(String(record.sessionId)) ?? 0) + 1);
        }
      }
      const active = (await activeSessions(network)).filter((session) => laneCps.has(session.cpId));
      const childRestarts = network.cps.reduce((sum, cp, index) => sum + cp.process.lines(cpLinesBefore[index]).filter((line) => /restarting it in/.test(line.text)).length, 0);
      const injectedChildKills = scenario.kind === 'SIGKILL' && (scenario.target === 'engine' || scenario.target === 'monitor') ? faults : 0;
      const deadCps = network.cps.filter((cp) => !cp.process.running).length;
      rows.push({
        setting,
        scenario: scenario.name,
        faults,
        sessions: sessions.length + active.length,
        delivered: sessions.filter((id) => shown.has(id)).length,
        lost: sessions.filter((id) => !shown.has(id)).length,
        duplicated: sessions.filter((id) => (shown.get(id) ?? 0) > 1).length,
        hung: active.length,
        crashes: Math.max(0, childRestarts - injectedChildKills) + (network.central.running ? 0 : 1) + deadCps,
      });
      log(`  → ${JSON.stringify(rows.at(-1))}`);
      await onRow(rows.at(-1)!);
    }
  } finally {
    await processes.stopAll().catch((error: Error) => log(`  cleanup: ${error.message}`));
    await network.removeData();
  }
  return rows;
}

/** Sessions Central still has open (not ended). */
async function activeSessions(network: ChargingNetwork): Promise<Array<{ id: string; cpId: string }>> {
  const reply = await httpJson<Array<{ id: string; cpId: string; state: string; endedAt?: number }>>('GET', `${network.httpUrl}/api/sessions`);
  return reply.body.filter((session) => session.endedAt === undefined && session.state !== 'ended').map(({ id, cpId }) => ({ id, cpId }));
}

/** Waits until the lane's CP is AVAILABLE again with no open session (a hung one is counted at the end, not waited on forever). */
async function settle(network: ChargingNetwork, lane: number, log: (line: string) => void): Promise<void> {
  const cpId = network.cp(lane).id;
  await pollUntil(
    async () => ((await network.cpState(cpId)) === 'AVAILABLE' && !(await activeSessions(network)).some((session) => session.cpId === cpId) ? true : undefined),
    { timeoutMs: 90_000, what: `${cpId} AVAILABLE with no open session` },
  ).catch((error: Error) => log(`  ! ${error.message}`));
}

function table(rows: Row[]): string {
  const header = ['setting', 'scenario', 'faults injected', 'sessions', 'tickets delivered', 'lost', 'duplicated', 'hung sessions', 'crashes'];
  const body = rows.map((row) => [row.setting, row.scenario, row.faults, row.sessions, row.delivered, row.lost, row.duplicated, row.hung, row.crashes].map(String));
  const total = (key: keyof Row): string => String(rows.reduce((sum, row) => sum + (row[key] as number), 0));
  body.push(['**total**', '', total('faults'), total('sessions'), total('delivered'), total('lost'), total('duplicated'), total('hung'), total('crashes')]);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seedIndex = process.argv.indexOf('--seed');
  const seed = seedIndex >= 0 ? Number(process.argv[seedIndex + 1]) : Date.now() % 100_000;
  const random = seeded(seed);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const startedMs = performance.now();
  const loadBefore = loadavg().map((value) => value.toFixed(2)).join(' ');
  const command = `npm run reliability -- ${process.argv.slice(2).filter((arg, index, all) => arg !== '--seed' && all[index - 1] !== '--seed').join(' ')} --seed ${seed}`.replace(/\s+/g, ' ').trim();
  const rows: Row[] = [];
  // Written after every scenario, so an interrupted run still leaves what it measured.
  const write = (done: boolean): Promise<void> => writeReport(rows, command, startedMs, loadBefore, done);
  for (const setting of args.settings as Array<'embedded' | 'kafka'>) {
    log(`== ${setting}`);
    await runSetting(setting, setting === 'kafka' ? args.kafkaRuns : args.runs, random, log, async (row) => {
      rows.push(row);
      await write(false);
    });
  }
  await write(true);
  process.stdout.write(`${table(rows)}\n`);
  log(`RELIABILITY.md written (${((performance.now() - startedMs) / 60_000).toFixed(1)} min)`);
  process.exitCode = rows.some((row) => row.lost + row.duplicated + row.hung > 0) ? 1 : 0;
}

async function writeReport(rows: Row[], command: string, startedMs: number, loadBefore: string, done: boolean): Promise<void> {
  const minutes = ((performance.now() - startedMs) / 60_000).toFixed(1);
  const loadAfter = loadavg().map((value) => value.toFixed(2)).join(' ');
  await writeFile(
    'RELIABILITY.md',
    [
      '# Reliability: one part crashes at any moment (issue #10)',
      '',
      'Real processes (`evc central`, `evc cp` = Engine + Monitor on a sim board, `evc driver --json`), one fault per charge',
      'at a random moment of its life (before authorize, reserved, charging, at unplug, right after the ledger write), on',
      "Central's embedded broker and on Apache Kafka. Central is restarted on the same data by the harness; `evc cp`",
      `restarts its own Engine and Monitor; a killed driver is started again with \`evc driver watch\`. ${LANES} CPs, each with its`,
      'own driver, take faults side by side (Central kills come from one lane only).',
      '',
      '- **sessions**: sessions Central opened (its ledger, plus any still open); **tickets delivered**: sessions whose ticket a driver printed;',
      '  **lost**: sessions in the ledger with no ticket printed; **duplicated**: a ticket printed more than once (any driver process);',
      '  **hung sessions**: still open at Central after the settle time; **crashes**: processes that died without being killed.',
      '- A fault before the authorization can leave no session (the charge is denied while the CP is down, or unanswered): counted as a fault, no session.',
      '',
      table(rows),
      '',
      `Command: \`${command}\` — ${done ? '' : 'still running, '}${minutes} min, load average ${loadBefore} → ${loadAfter} (2 cores shared with other work).`,
      '',
    ].join('\n'),
  );
}

await main();
