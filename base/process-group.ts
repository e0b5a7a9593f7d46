import { readdirSync, readFileSync } from 'node:fs';

/**
 * Live (non-zombie) members of process group `pgid`. On Linux this reads /proc, because an
 * orphan that exited but was not reaped yet still answers `kill(-pgid, 0)`; elsewhere the
 * signal-0 probe is the best answer there is (members unknown: `[pgid]` when any is alive).
 */
export function liveGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return groupAnswersSignal(pgid) ? [pgid] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(Number(entry));
  }
  return members;
}

/** Sends `signal` to every process in the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAnswersSignal(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * When process `pid` started, in clock ticks since boot (`/proc/PID/stat` field 22): with the
 * pid it names one process for good, since a pid is reused only by a later process. Undefined
 * when the process is gone or there is no /proc.
 */
export function processStartTicks(pid: number): string | undefined {
  return readStat(String(pid))?.startTicks;
}

/** `/proc/PID/stat`: `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses. */
function readStat(pid: string): { state: string; pgid: number; startTicks: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone between readdir and read
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgid: Number(fields[2]), startTicks: fields[19] ?? '' };
}
