// What runs on this machine, from /proc (Linux): to check a component left no process behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const procAvailable = existsSync('/proc/self/stat');

function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** Alive and not a zombie waiting for its reaper. */
export function isAlive(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Every live descendant of `pid`, at this moment. */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && fields[0] !== 'Z') parents.set(Number(entry), Number(fields[1]));
  }
  const found = new Set<number>();
  const frontier = [pid];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const [child, ppid] of parents) {
      if (ppid === parent && !found.has(child)) {
        found.add(child);
        frontier.push(child);
      }
    }
  }
  return [...found];
}
