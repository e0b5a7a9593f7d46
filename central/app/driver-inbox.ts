import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { driverId as driverIdSchema } from '../../protocol/index.ts';

/**
 * Keys `evc central add-driver` hands to a running Central (which alone writes the store while
 * it runs): one file per driver in `DATA/driver-inbox/`, owner-only, holding the key derived
 * from the new token (never the token). Central takes each in at once (fs.watch), at startup,
 * and at the driver's first login or request (driver-registry.ts).
 */
export function driverInboxDir(dataDir: string): string {
  return path.join(dataDir, 'driver-inbox');
}

export function driverInboxFile(dataDir: string, driverId: string): string {
  return path.join(driverInboxDir(dataDir), `${driverId}.json`);
}

/** add-driver's side while Central runs: the key only, written whole, owner-only. */
export async function writeDriverInboxEntry(dataDir: string, driverId: string, key: string): Promise<void> {
  const file = driverInboxFile(dataDir, driverId);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, JSON.stringify({ key }));
}

/** The drivers waiting in the inbox, by id (a file whose name is no driver id is left alone). */
export async function driverInboxIds(dataDir: string): Promise<string[]> {
  const names = await readdir(driverInboxDir(dataDir)).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((id) => driverIdSchema.safeParse(id).success)
    .sort();
}

/** Calls `onChange` when a key appears (best effort: a login or request takes it in too). */
export async function watchDriverInbox(dataDir: string, onChange: () => void, warn: (message: string) => void): Promise<FSWatcher | undefined> {
  const directory = driverInboxDir(dataDir);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  try {
    const watcher = watch(directory, { persistent: false }, (_event, name) => {
      if (name && name.endsWith('.json')) onChange();
    });
    watcher.on('error', (error) => warn(`watching ${directory} failed: ${error.message}`));
    return watcher;
  } catch (error) {
    warn(`cannot watch ${directory} (${(error as Error).message}); add-driver's drivers are taken in at their first login or request`);
    return undefined;
  }
}
