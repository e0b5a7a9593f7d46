import { open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

/** The temp name `writeFileAtomic` uses next to `file`; leftovers of a crash match `isTempOf`. */
function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
}

export function isTempOf(file: string, candidate: string): boolean {
  const prefix = `.${path.basename(file)}.`;
  return candidate.startsWith(prefix) && candidate.endsWith('.tmp');
}

/**
 * Replaces `file` with `data` so a crash leaves either the old or the new content, and
 * the new content survives power loss once this resolves (DESIGN §5): write a temp file
 * in the same directory, fsync it, rename it over the file, fsync the directory.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = tempNameFor(file);
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

/** Makes a rename or a newly created file in `directory` durable. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files a crashed `writeFileAtomic` left next to `file`. */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const directory = path.dirname(file);
  const stale = (await readdir(directory)).filter((name) => isTempOf(file, name));
  await Promise.all(stale.map((name) => unlink(path.join(directory, name)).catch(() => undefined)));
  return stale;
}
