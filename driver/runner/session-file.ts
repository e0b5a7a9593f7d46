import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseJsonAs } from '../../base/json.ts';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { EvcError } from '../../protocol/index.ts';

const sessionRecord = z.object({ sessionId: z.string().min(1), cpId: z.string().min(1), savedAtMs: z.number() });
export type SessionRecord = z.infer<typeof sessionRecord>;

/**
 * The driver's current session, kept on disk (`DATA/driver-{id}.json`) so `stop` and
 * `watch` in another terminal, or after a detach, know which session is meant.
 * Central stays the authority: a stale record only costs a refused stop.
 */
export class SessionFile {
  readonly #path: string;

  constructor(dataDir: string, driverId: string) {
    this.#path = join(dataDir, `driver-${driverId}.json`);
  }

  get path(): string {
    return this.#path;
  }

  async read(): Promise<SessionRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new EvcError('SESSION_FILE_UNREADABLE', `cannot read ${this.#path}: ${(error as Error).message}`);
    }
    const parsed = parseJsonAs(sessionRecord, text);
    if (parsed === undefined) {
      throw new EvcError('SESSION_FILE_CORRUPT', `${this.#path} is not a driver session record; delete it if no session is running`);
    }
    return parsed;
  }

  /** Atomic: a crash mid-write leaves the old record, never half a file. */
  async save(record: SessionRecord): Promise<void> {
    await mkdir(join(this.#path, '..'), { recursive: true });
    await writeFileAtomic(this.#path, `${JSON.stringify(record)}\n`);
  }

  /** Forgets `sessionId`, unless the file already names a newer session. */
  async clear(sessionId: string): Promise<void> {
    const current = await this.read().catch(() => undefined);
    if (current === undefined || current.sessionId !== sessionId) return;
    await rm(this.#path, { force: true });
  }
}
