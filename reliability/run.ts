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

async function runSetting(setting: 'embedded' | 'kafka', runs: number, random: () => number, log: (line: string) => void): Promise<Row[]> {
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
    prices: [0.4],
  });
  const rows: Row[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const drivers: IterationContext['drivers'] = [];
      const before = await ledgerSessions(network);
      const centralPids = new Set<number>();
      const cpLinesBefore = network.cp(0).process.lineCount;
      let faults = 0;
      for (let run = 0; run < runs; run++) {
        const phase = scenario.phases[Math.floor(random() * scenario.phases.length)]!;
        log(`  [${setting}] ${scenario.name} #${run + 1}: at ${phase}`);
        if (scenario.target === 'central') centralPids.add(network.central.pid!);
        const ctx: IterationContext = { network, cpIndex: 0, driverId: `${network.idPrefix}D${rows.length}`, drivers, random, log };
        await runIteration(ctx, scenario, phase);
        faults++;
        await settle(network, log);
      }
      const after = await ledgerSessions(network);
      const sessions = [...after].filter((id) => !before.has(id));
      const shown = new Map<string, number>();
      for (const driver of drivers) {
        for (const line of driver.process.lines()) {
          const record = driverRecordOf(line);
          if (record?.type === 'ticket') shown.set(String(record.sessionId), (shown.get(String(record.sessionId)) ?? 0) + 1);
        }
      }
      const active = await activeSessions(network);
      const cpOutput = network.cp(0).process.lines(cpLinesBefore).map((line) => line.text);
      const childRestarts = cpOutput.filter((text) => /restarting it in/.test(text)).length;
      const injectedChildKills = scenario.kind === 'SIGKILL' && (scenario.target === 'engine' || scenario.target === 'monitor') ? faults : 0;
      const unexpectedCentralExits = scenario.target === 'central' ? 0 : network.central.running ? 0 : 1;
      rows.push({
        setting,
        scenario: scenario.name,
        faults,
        sessions: sessions.length + active.length,
        delivered: sessions.filter((id) => shown.has(id)).length,
        lost: sessions.filter((id) => !shown.has(id)).length,
        duplicated: sessions.filter((id) => (shown.get(id) ?? 0) > 1).length,
        hung: active.length,
        crashes: Math.max(0, childRestarts - injectedChildKills) + unexpectedCentralExits + (network.cp(0).process.running ? 0 : 1),
      });
      log(`  → ${JSON.stringify(rows.at(-1))}`);
    }
  } finally {
    await processes.stopAll().catch((error: Error) => log(`  cleanup: ${error.message}`));
    await network.removeData();
  }
  return rows;
}

/** Sessions Central still has open (not ended). */
async function activeSessions(network: ChargingNetwork): Promise<string[]> {
  const reply = await httpJson<Array<{ id: string; state: string; endedAt?: number }>>('GET', `${network.httpUrl}/api/sessions`);
  return reply.body.filter((session) => session.endedAt === undefined && session.state !== 'ended').map((session) => session.id);
}

/** Waits until the CP is AVAILABLE again with no open session (a hung session keeps it busy: counted, not waited on forever). */
async function settle(network: ChargingNetwork, log: (line: string) => void): Promise<void> {
  await pollUntil(
    async () => ((await network.cpState(network.cp(0).id)) === 'AVAILABLE' && (await activeSessions(network)).length === 0 ? true : undefined),
    { timeoutMs: 90_000, what: 'the CP AVAILABLE with no open session' },
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
  const rows: Row[] = [];
  for (const setting of args.settings as Array<'embedded' | 'kafka'>) {
    log(`== ${setting}`);
    rows.push(...(await runSetting(setting, setting === 'kafka' ? args.kafkaRuns : args.runs, random, log)));
  }
  const minutes = ((performance.now() - startedMs) / 60_000).toFixed(1);
  const loadAfter = loadavg().map((value) => value.toFixed(2)).join(' ');
  const command = `npm run reliability -- ${process.argv.slice(2).join(' ')} --seed ${seed}`.replace(/\s+/g, ' ').trim();
  const text = table(rows);
  process.stdout.write(`${text}\n`);
  const bad = rows.some((row) => row.lost + row.duplicated + row.hung > 0);
  await writeFile(
    'RELIABILITY.md',
    [
      '# Reliability: one part crashes at any moment (issue #10)',
      '',
      'Real processes (`evc central`, `evc cp` = Engine + Monitor on a sim board, `evc driver --json`), one fault per charge',
      'at a random moment of its life (before authorize, reserved, charging, at unplug, right after the ledger write), on',
      "Central's embedded broker and on Apache Kafka. Central is restarted on the same data by the harness; `evc cp`",
      'restarts its own Engine and Monitor; a killed driver is started again with `evc driver watch`.',
      '',
      '- **sessions**: sessions Central opened (its ledger, plus any still open); **tickets delivered**: sessions whose ticket a driver printed;',
      '  **lost**: sessions in the ledger with no ticket printed; **duplicated**: a ticket printed more than once (any driver process);',
      '  **hung sessions**: still open at Central after the settle time; **crashes**: processes that died without being killed.',
      '',
      text,
      '',
      `Command: \`${command}\` — ${minutes} min, load average ${loadBefore} → ${loadAfter} (2 cores shared).`,
      '',
    ].join('\n'),
  );
  log(`RELIABILITY.md written (${minutes} min)`);
  process.exitCode = bad ? 1 : 0;
}

await main();
