import { join } from 'node:path';
import { z } from 'zod';
import { RecordFile } from './record-file.ts';

const sessionRecord = z.object({ sessionId: z.string().min(1), cpId: z.string().min(1), savedAtMs: z.number() });
export type SessionRecord = z.infer<typeof sessionRecord>;

/**
 * The driver's current session, kept on disk (`DATA/driver-{id}.json`) so `stop` and
 * `watch` in another terminal, or after a detach, know which session is meant.
 * Central stays the authority: a stale record only costs a refused stop.
 */
export class SessionFile {
  readonly #file: RecordFile<typeof sessionRecord>;

  constructor(dataDir: string, driverId: string) {
    this.#file = new RecordFile(join(dataDir, `driver-${driverId}.json`), sessionRecord, {
      unreadable: 'SESSION_FILE_UNREADABLE',
      damaged: 'SESSION_FILE_CORRUPT',
      damagedHint: (path) => `${path} is not a driver session record; delete it if no session is running`,
    });
  }

  get path(): string {
    return this.#file.path;
  }

  read(): Promise<SessionRecord | undefined> {
    return this.#file.read();
  }

  /** Atomic: a crash mid-write leaves the old record, never half a file. */
  save(record: SessionRecord): Promise<void> {
    return this.#file.write(record);
  }

  /** Forgets `sessionId`, unless the file already names a newer session. */
  async clear(sessionId: string): Promise<void> {
    const current = await this.read().catch(() => undefined);
    if (current === undefined || current.sessionId !== sessionId) return;
    await this.#file.remove();
  }
}
