// Fault injection on real processes: which pid is the Engine or the Monitor of an `evc cp`,
// and the kill or hang itself. Central is restarted by the harness (nothing supervises it);
// `evc cp` restarts its own children (base/supervisor.ts).
import { execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChargingNetwork } from '../test/helpers/e2e-network.ts';

export type Target = 'central' | 'engine' | 'monitor' | 'driver';
export type FaultKind = 'SIGKILL' | 'SIGSTOP';

/** The live child of `evc cp` (pid `cpPid`) whose command line runs `evc engine` or `evc monitor`. */
export function cpChildPid(cpPid: number, which: 'engine' | 'monitor'): number | undefined {
  let text = '';
  try {
    text = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(cpPid)], { encoding: 'utf8' });
  } catch {
    return undefined; // no children right now
  }
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match && match[2]!.includes(` ${which} `)) return Number(match[1]);
  }
  return undefined;
}

/** Waits (up to `timeoutMs`) until the CP runs that child again, e.g. after a restart. */
export async function waitForCpChild(cpPid: number, which: 'engine' | 'monitor', timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = cpChildPid(cpPid, which);
    if (pid !== undefined) return pid;
    if (Date.now() > deadline) throw new Error(`no ${which} under evc cp ${cpPid} within ${timeoutMs} ms`);
    await delay(100);
  }
}

/** SIGSTOP hangs the process this long, then SIGCONT: longer than the Monitor's 1 s budget. */
export const HANG_MS = 2500;

/**
 * Injects one fault; resolves once the harness's part of the recovery is done (Central
 * restarted, a hung process continued). `cp` is the CP whose Engine or Monitor is meant.
 */
export async function inject(network: ChargingNetwork, cpIndex: number, target: Exclude<Target, 'driver'>, kind: FaultKind): Promise<void> {
  if (target === 'central') {
    const pid = network.central.pid!;
    process.kill(pid, kind);
    if (kind === 'SIGSTOP') {
      await delay(HANG_MS);
      process.kill(pid, 'SIGCONT');
      return;
    }
    await network.central.waitForExit(10_000);
    await network.restartCentral();
    return;
  }
  const cpPid = network.cp(cpIndex).process.pid!;
  const pid = await waitForCpChild(cpPid, target);
  process.kill(pid, kind);
  if (kind === 'SIGSTOP') {
    await delay(HANG_MS);
    process.kill(pid, 'SIGCONT');
  }
}
