import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { cpId } from '../../protocol/index.ts';
import type { CpConfig } from '../core/index.ts';

/**
 * CPs `evc central add-cp` hands to a running Central (which alone writes state.json while it
 * runs, see data-lock.ts): one file per CP in `DATA/inbox/`, mode 0600, holding the config and
 * the new secret. Central takes each in at once (fs.watch), at startup, and before judging a
 * hello from a CP it does not know; it stores only the secret's hash and deletes the file.
 */
const entrySchema = z.object({
  config: z.object({
    id: cpId,
    location: z.object({ label: z.string().min(1), lat: z.number().optional(), lon: z.number().optional() }),
    pricePerKwh: z.number().nonnegative(),
    maxPowerKw: z.number().positive().optional(),
  }),
  secret: z.string().min(1),
});

export interface InboxEntry {
  config: CpConfig;
  secret: string;
  /** The file it came from (deleted once taken in). */
  file: string;
}

export function inboxDir(dataDir: string): string {
  return path.join(dataDir, 'inbox');
}

/** add-cp's side: writes the entry whole (base/atomic-file.ts) so Central never reads half of it. */
export async function writeInboxEntry(dataDir: string, config: CpConfig, secret: string): Promise<string> {
  const directory = inboxDir(dataDir);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, `${config.id}.json`);
  await writeFileAtomic(file, JSON.stringify({ config, secret }));
  return file;
}

/** Central's side of the inbox. */
export class CpInbox {
  readonly #directory: string;
  readonly #warn: (message: string) => void;
  #watcher: FSWatcher | undefined;

  constructor(dataDir: string, warn: (message: string) => void) {
    this.#directory = inboxDir(dataDir);
    this.#warn = warn;
  }

  /** Entries waiting, oldest name first; a file that is not a valid entry is renamed `.bad` and skipped. */
  async pending(): Promise<InboxEntry[]> {
    const names = await readdir(this.#directory).catch(() => [] as string[]);
    const entries: InboxEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
      const file = path.join(this.#directory, name);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue; // taken meanwhile
      }
      let parsed: ReturnType<typeof entrySchema.safeParse>;
      try {
        parsed = entrySchema.safeParse(JSON.parse(text));
      } catch {
        parsed = entrySchema.safeParse(undefined);
      }
      if (!parsed.success) {
        this.#warn(`${file} is not a CP from evc central add-cp; renamed to ${name}.bad and skipped`);
        await rename(file, `${file}.bad`).catch(() => undefined);
        continue;
      }
      const { config, secret } = parsed.data;
      const clean: CpConfig = { id: config.id, location: { ...config.location }, pricePerKwh: config.pricePerKwh };
      if (config.maxPowerKw !== undefined) clean.maxPowerKw = config.maxPowerKw;
      entries.push({ config: clean, secret, file });
    }
    return entries;
  }

  async remove(entry: InboxEntry): Promise<void> {
    await unlink(entry.file).catch(() => undefined);
  }

  /** Calls `onChange` when files appear (best effort; hellos and startup check too). */
  async watch(onChange: () => void): Promise<void> {
    await mkdir(this.#directory, { recursive: true, mode: 0o700 });
    try {
      this.#watcher = watch(this.#directory, { persistent: false }, (_event, name) => {
        if (name && name.endsWith('.json') && !name.startsWith('.')) onChange();
      });
      this.#watcher.on('error', (error) => this.#warn(`watching ${this.#directory} failed: ${error.message}`));
    } catch (error) {
      this.#warn(`cannot watch ${this.#directory} (${(error as Error).message}); add-cp's CPs are taken in at their first hello`);
    }
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
