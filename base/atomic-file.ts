import fs from 'node:fs';
import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one way files are replaced whole, on both sides of the system (Central's state, the
 * Engine's outbox and journal, the driver's records, add-cp's inbox): write a temp file in
 * the same directory, fsync it, rename it over the file, fsync the directory. A crash leaves
 * the old content or the new, never half; once this returns the new content survives power
 * loss (DESIGN §5).
 */
export interface AtomicWriteOptions {
  /** File mode of a new file. Default 0o600: these files hold sessions, secrets and money. */
  mode?: number;
  /**
   * false: skip both fsyncs. Still atomic against a crash of the process, not against power
   * loss; for frequent checkpoints a later durable write supersedes. Default true.
   */
  durable?: boolean;
  /**
   * Called the moment the new content is in place, before the directory's fsync: for a step
   * that must follow the write as closely as a crash allows (the driver shows a ticket it has
   * just recorded as shown: after the fsync, a kill in between lost the showing).
   */
  onReplaced?: () => void;
}

let counter = 0;

/** Unique per process and write, so concurrent writers of one file never share a temp. */
function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
}

/** True when `candidate` (a name in the file's directory) is a temp file of a write of `file`. */
export function isTempOf(file: string, candidate: string): boolean {
  return candidate.startsWith(`.${path.basename(file)}.`) && candidate.endsWith('.tmp');
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  const temp = tempNameFor(file);
  try {
    const handle = await open(temp, 'w', options.mode ?? 0o600);
    try {
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  options.onReplaced?.();
  if (durable) await syncDirectory(path.dirname(file));
}

/** The same, blocking: for the Engine, whose records must be on disk before it publishes them. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const durable = options.durable ?? true;
  const temp = tempNameFor(file);
  try {
    const fd = fs.openSync(temp, 'w', options.mode ?? 0o600);
    try {
      fs.writeFileSync(fd, data);
      if (durable) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  if (durable) syncDirectorySync(path.dirname(file));
}

/**
 * Creates `file` whole unless it exists: true when this call created it, false when it was
 * already there (another process may have won the race; read its content). A hard link
 * from the temp file makes the creation atomic and exclusive.
 */
export async function createFileOnce(file: string, data: string | Uint8Array, options: Pick<AtomicWriteOptions, 'mode'> = {}): Promise<boolean> {
  const temp = tempNameFor(file);
  try {
    const handle = await open(temp, 'w', options.mode ?? 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(path.dirname(file));
  return true;
}

/** Makes a rename or a newly created file in `directory` durable. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(unlessUnsupported);
  if (!handle) return;
  try {
    await handle.sync().catch(unlessUnsupported);
  } finally {
    await handle.close();
  }
}

function syncDirectorySync(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    unlessUnsupported(error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Some platforms (Windows) cannot open or fsync a directory; there the rename is all we get. */
function unlessUnsupported(error: unknown): undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL') return undefined;
  throw error;
}

/** Removes temp files a crashed write left next to `file`; returns their names. */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const directory = path.dirname(file);
  const stale = (await readdir(directory)).filter((name) => isTempOf(file, name));
  await Promise.all(stale.map((name) => unlink(path.join(directory, name)).catch(() => undefined)));
  return stale;
}
