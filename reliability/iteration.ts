// One charge with one fault injected at a chosen moment of its life, on real processes:
// a driver asks, the car is plugged in through the sim board's buttons, charges, is
// unplugged; the ticket is awaited from whichever driver process is running by then.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { driverRecordOf } from '../demo/driver-records.ts';
import type { DriverProcess } from '../test/helpers/e2e-driver.ts';
import type { ChargingNetwork } from '../test/helpers/e2e-network.ts';
import { inject, type FaultKind, type Target } from './faults.ts';

export type Phase = 'before-authorize' | 'reserved' | 'charging' | 'at-unplug' | 'after-ledger';

export interface Scenario {
  name: string;
  target: Target;
  kind: FaultKind;
  phases: Phase[];
}

export interface IterationContext {
  network: ChargingNetwork;
  cpIndex: number;
  driverId: string;
  /** Every driver process started, for the final count of tickets shown. */
  drivers: DriverProcess[];
  random: () => number;
  log: (line: string) => void;
}

const TICKET_WAIT_MS = 60_000;

/** Runs one charge with a fault at `phase`; resolves once the driver side has settled (ticket shown or given up). */
export async function runIteration(ctx: IterationContext, scenario: Scenario, phase: Phase): Promise<void> {
  const { network, cpIndex } = ctx;
  const cp = network.cp(cpIndex);
  let driver = await start(ctx, ['charge', cp.id]);
  const fault = async (): Promise<void> => {
    if (scenario.target === 'driver') {
      driver.process.killNow();
      await driver.process.waitForExit(10_000).catch(() => undefined);
      await delay(300 + ctx.random() * 700);
      driver = await start(ctx, ['watch']);
      return;
    }
    await inject(network, cpIndex, scenario.target, scenario.kind);
  };

  if (phase === 'before-authorize') {
    await delay(ctx.random() * 400);
    await fault();
  }
  const authorized = await firstRecord(ctx, 'authorized', 30_000);
  if (!authorized) {
    const result = ctx.drivers.at(-1)!.process.lines().map(driverRecordOf).find((record) => record?.type === 'result');
    ctx.log(`    ${cp.id}: no session: the driver's charge ended ${String(result?.outcome ?? 'without a result')}${result?.reason ? ` (${String(result.reason)})` : ''}`);
    return;
  }
  const sessionId = String(authorized.sessionId);
  if (phase === 'reserved') {
    await delay(ctx.random() * 500);
    await fault();
  }
  if (!(await ticketShown(ctx, sessionId))) {
    await pressUntilRelay(ctx, true, sessionId);
    if (phase === 'charging') {
      await delay(300 + ctx.random() * 1500);
      await fault();
    }
    await delay(1000);
    if (!(await ticketShown(ctx, sessionId))) {
      await pressUntilRelay(ctx, false, sessionId);
      if (phase === 'at-unplug') await fault();
      if (phase === 'after-ledger') {
        await untilInLedger(network, sessionId);
        await fault();
      }
    }
  }
  const deadline = Date.now() + TICKET_WAIT_MS;
  while (!(await ticketShown(ctx, sessionId)) && Date.now() < deadline) {
    // A driver that ended without the ticket (its charge gave up while Central was down) watches again.
    if (!driver.process.running) driver = await start(ctx, ['watch']);
    await delay(200);
  }
  if (driver.process.running) await driver.process.stop('SIGTERM', 5000);
}

async function start(ctx: IterationContext, command: string[]): Promise<DriverProcess> {
  const driver = await ctx.network.driver(ctx.driverId, command);
  ctx.drivers.push(driver);
  return driver;
}

/** The first record of `type` any driver process of this driver printed, waiting up to `timeoutMs`. */
async function firstRecord(ctx: IterationContext, type: string, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  const since = ctx.drivers.length - 1;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const driver of ctx.drivers.slice(since)) {
      const found = driver.process.lines().map(driverRecordOf).find((record) => record?.type === type);
      if (found) return found;
    }
    const live = ctx.drivers.slice(since).some((driver) => driver.process.running);
    if (!live || Date.now() > deadline) return undefined;
    await delay(100);
  }
}

async function ticketShown(ctx: IterationContext, sessionId: string): Promise<boolean> {
  return ctx.drivers.some((driver) => driver.process.lines().some((line) => {
    const record = driverRecordOf(line);
    return record?.type === 'ticket' && record.sessionId === sessionId;
  }));
}

/**
 * Holds the plug button until the relay shows `closed` (or the session ended some other way);
 * a restarting Engine's board does not answer for a moment, so failures are retried.
 */
async function pressUntilRelay(ctx: IterationContext, closed: boolean, sessionId: string): Promise<void> {
  const { network, cpIndex } = ctx;
  const cpId = network.cp(cpIndex).id;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await ticketShown(ctx, sessionId)) return;
    try {
      if ((await network.outputs(cpId)).relay === closed) return;
      await network.press(cpId, 'plug');
      const until = Date.now() + 3000;
      while (Date.now() < until && (await network.outputs(cpId)).relay !== closed) await delay(50);
      await network.release(cpId, 'plug');
      if ((await network.outputs(cpId)).relay === closed) return;
    } catch {
      await delay(250); // the Engine (and its board) is restarting
    }
  }
}

/** Waits until Central's ledger holds the session's line ("right after the ledger write"). */
async function untilInLedger(network: ChargingNetwork, sessionId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await ledgerSessions(network)).has(sessionId)) return;
    await delay(5);
  }
}

/** Session id → CP id of every session in Central's ledger (DESIGN §5). */
export async function ledgerSessions(network: ChargingNetwork): Promise<Map<string, string>> {
  const dir = path.join(network.dataDir, 'central', 'ledger');
  const sessions = new Map<string, string>();
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    const text = await readFile(path.join(dir, file), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.includes('"kind":"session"')) continue;
      try {
        const record = JSON.parse(line) as { sessionId?: string; cpId?: string };
        if (record.sessionId && record.cpId) sessions.set(record.sessionId, record.cpId);
      } catch {
        // a torn last line: not a session yet
      }
    }
  }
  return sessions;
}
