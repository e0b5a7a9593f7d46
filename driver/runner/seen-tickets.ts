import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../base/atomic-file.ts';

const seenFile = z.object({ sessions: z.array(z.string()) });

/** Sessions kept: far more than a driver can have unacknowledged at once. */
const KEEP = 500;

/**
 * Sessions whose ticket this driver has already shown (`DATA/driver-{id}-tickets.json`).
 * Central keeps each ticket until the driver acknowledges it and sends it again after a
 * reconnect or a restart (DESIGN §4.5), so a ticket can arrive more than once: it is shown
 * the first time only, in whichever command receives it. A ticket is shown the moment it is
 * recorded here (`add`'s `show`), so a crash cannot make it show twice, and can cost the
 * showing only in the microseconds between the file's rename and the print.
 */
export class SeenTickets {
  readonly #path: string;
  #sessions: string[] | undefined;

  constructor(dataDir: string, driverId: string) {
    this.#path = join(dataDir, `driver-${driverId}-tickets.json`);
  }

  async has(sessionId: string): Promise<boolean> {
    return (await this.#load()).includes(sessionId);
  }

  /**
   * Records a ticket as shown and calls `show` as soon as the record is in place; atomic
   * (base/atomic-file.ts), so a crash leaves the old list or the new one. Does nothing when
   * the ticket was recorded before.
   */
  async add(sessionId: string, show?: () => void): Promise<void> {
    const sessions = await this.#load();
    if (sessions.includes(sessionId)) return;
    this.#sessions = [...sessions, sessionId].slice(-KEEP);
    await mkdir(join(this.#path, '..'), { recursive: true });
    await writeFileAtomic(this.#path, `${JSON.stringify({ sessions: this.#sessions })}\n`, show ? { onReplaced: show } : {});
  }

  async #load(): Promise<string[]> {
    if (this.#sessions) return this.#sessions;
    try {
      const parsed = seenFile.safeParse(JSON.parse(await readFile(this.#path, 'utf8')));
      // A damaged list costs at most a ticket shown twice, never one lost: start over.
      this.#sessions = parsed.success ? parsed.data.sessions : [];
    } catch {
      this.#sessions = [];
    }
    return this.#sessions;
  }
}
