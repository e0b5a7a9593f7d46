import { mkdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createFileOnce } from '../../base/atomic-file.ts';
import { processStartTicks } from '../../base/process-group.ts';
import { EvcError } from '../../protocol/index.ts';

export const LOCK_FILE = 'central.lock';

export interface LockOwner {
  pid: number;
  /**
   * The owner's start time (`/proc/PID/stat`): a lock whose pid now belongs to another
   * process (a reboot, pid reuse after a crash) is stale. Absent where there is no /proc.
   */
  startTicks?: string;
  /** What holds it: a running Central, or `add-cp` writing the store for a moment. */
  holder: 'central' | 'add-cp';
  sinceMs: number;
}

/**
 * One writer per data directory: Central holds `DATA/central.lock` while it runs, and
 * `evc central add-cp` while it writes the store of a stopped Central. state.json is
 * rewritten whole (DESIGN §5), so two writers would undo each other's changes.
 */
export class DataLock {
  readonly #file: string;
  #released = false;

  private constructor(file: string) {
    this.#file = file;
  }

  /** Takes the lock, removing one left by a process that no longer runs; throws DATA_IN_USE otherwise. */
  static async acquire(dataDir: string, holder: LockOwner['holder']): Promise<DataLock> {
    await mkdir(dataDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new EvcError('STORE_UNWRITABLE', `cannot create the data directory ${path.resolve(dataDir)} (${error.code}); choose another with --data.`);
    });
    const file = path.join(dataDir, LOCK_FILE);
    // Created whole and only if absent (createFileOnce): a reader never sees a half-written owner.
    const startTicks = processStartTicks(process.pid);
    const owner: LockOwner = { pid: process.pid, ...(startTicks ? { startTicks } : {}), holder, sinceMs: Date.now() };
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await createFileOnce(file, JSON.stringify(owner))) return new DataLock(file);
      const current = await readLockOwner(dataDir);
      if (current && ownerAlive(current)) throw inUse(dataDir, current);
      await unlink(file).catch(() => undefined); // stale: its process is gone
    }
    throw new EvcError('DATA_IN_USE', `cannot lock the data directory ${path.resolve(dataDir)}: another process keeps taking ${LOCK_FILE}`);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await unlink(this.#file).catch(() => undefined);
  }
}

/** Who holds the lock of `dataDir`, if a live process does. */
export async function liveLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  const owner = await readLockOwner(dataDir);
  return owner && ownerAlive(owner) ? owner : undefined;
}

async function readLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(dataDir, LOCK_FILE), 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid !== 'number') return undefined;
    const startTicks = typeof value.startTicks === 'string' ? { startTicks: value.startTicks } : {};
    return { pid: value.pid, ...startTicks, holder: value.holder === 'add-cp' ? 'add-cp' : 'central', sinceMs: value.sinceMs ?? 0 };
  } catch {
    return undefined; // missing or unreadable: stale
  }
}

/** The lock's owner still runs: its pid is alive and, where /proc tells, it is the same process that took the lock. */
function ownerAlive(owner: LockOwner): boolean {
  if (!processAlive(owner.pid)) return false;
  if (owner.startTicks === undefined) return true;
  const now = processStartTicks(owner.pid);
  return now === undefined || now === owner.startTicks;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dataDir: string, owner: LockOwner): EvcError {
  const who = owner.holder === 'central' ? `a running Central (pid ${owner.pid})` : `evc central add-cp (pid ${owner.pid})`;
  return new EvcError('DATA_IN_USE', `the data directory ${path.resolve(dataDir)} is in use by ${who}; stop it or choose another --data`);
}
