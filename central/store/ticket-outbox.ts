import { closeSync, fdatasync, openSync, readFileSync, write } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { z } from 'zod';
import { parseJsonAs } from '../../base/json.ts';
import { writeFileAtomicSync } from '../../base/atomic-file.ts';
import { EvcError, ticket as ticketSchema, type Ticket } from '../../protocol/index.ts';
import { GroupCommit } from './group-commit.ts';

export const TICKET_OUTBOX_FILE = 'tickets-pending.ndjson';

const line = z.union([
  z.object({ hold: z.object({ driverId: z.string().min(1), ticket: ticketSchema }) }),
  z.object({ release: z.object({ driverId: z.string().min(1), sessionId: z.string().min(1) }) }),
]);

export interface HeldTicket {
  driverId: string;
  /** The ticket message itself: every redelivery carries the same id. */
  ticket: Ticket;
}

/** Rewrite the file once this many released entries sit in it (and outnumber the held ones). */
const COMPACT_AFTER_RELEASES = 1000;

const writeAsync = promisify(write);
const datasyncAsync = promisify(fdatasync);

interface Queued {
  text: string;
  durable: boolean;
}

/**
 * Tickets Central keeps until their driver acknowledges them (DESIGN §4.5, §5):
 * `DATA/tickets-pending.ndjson`, append-only. A ticket is held (its line fsync'd) before
 * its session's ledger line is written and before it is first sent, so no crash can lose
 * it; a release (the driver's `ack`) is appended without fsync: one lost costs a
 * redelivery the driver recognises by its session id. O(1) per write; the file is
 * rewritten to the held tickets alone when releases pile up. Writes and syncs run off the
 * event loop, and holds that arrive while one sync runs share the next (group commit).
 */
export class TicketOutbox {
  readonly #file: string;
  readonly #held = new Map<string, HeldTicket>();
  #fd: number;
  #releasesInFile = 0;
  readonly #commits = new GroupCommit<Queued>((batch) => this.#write(batch));

  private constructor(file: string, fd: number) {
    this.#file = file;
    this.#fd = fd;
  }

  /**
   * Reads what a previous run left. A torn last line (a crash mid-append: its write never
   * completed, so nothing was sent for it) is dropped; any other bad line is damage, reported
   * with the file's name, never skipped.
   */
  static open(dataDir: string): TicketOutbox {
    const file = path.join(dataDir, TICKET_OUTBOX_FILE);
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new EvcError('STORE_UNREADABLE', `cannot read ${file} (${(error as Error).message}); it holds tickets drivers have not received yet`);
      }
    }
    const outbox = new TicketOutbox(file, -1);
    if (text === undefined) return outbox; // created at the first ticket
    // The last piece is '' after a final newline, or a torn line: either way not a record.
    const complete = text.split('\n').slice(0, -1);
    complete.forEach((raw, index) => outbox.#apply(parseLine(file, raw, index + 1)));
    outbox.#rewrite(); // drops released entries and any torn tail; opens the file for appends
    return outbox;
  }

  get file(): string {
    return this.#file;
  }

  /** Held tickets, oldest first. */
  pending(driverId?: string): HeldTicket[] {
    const all = [...this.#held.values()];
    return driverId === undefined ? all : all.filter((held) => held.driverId === driverId);
  }

  /** Keeps `ticket` until its driver acknowledges it; durable once this resolves. A later ticket of the same session replaces it. */
  hold(driverId: string, ticket: Ticket): Promise<void> {
    this.#held.set(ticket.sessionId, { driverId, ticket });
    return this.#append({ hold: { driverId, ticket } }, true);
  }

  /** The driver acknowledged the ticket of `sessionId`; false when none was held for that driver. */
  release(driverId: string, sessionId: string): boolean {
    if (this.#held.get(sessionId)?.driverId !== driverId) return false;
    this.#held.delete(sessionId);
    this.#releasesInFile++;
    // Compact only between writes (a rewrite must not race an append); the rewrite already leaves this ticket out.
    if (this.#releasesInFile >= COMPACT_AFTER_RELEASES && this.#releasesInFile > this.#held.size && this.#commits.idle) this.#rewrite();
    else this.#append({ release: { driverId, sessionId } }, false).catch(() => undefined);
    return true;
  }

  /** Waits for queued writes, then closes the file. */
  async close(): Promise<void> {
    await this.#commits.drain();
    this.#closeFd();
  }

  #closeFd(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }

  #apply(entry: z.infer<typeof line>): void {
    if ('hold' in entry) this.#held.set(entry.hold.ticket.sessionId, entry.hold);
    else if (this.#held.get(entry.release.sessionId)?.driverId === entry.release.driverId) this.#held.delete(entry.release.sessionId);
  }

  #append(entry: z.infer<typeof line>, durable: boolean): Promise<void> {
    return this.#commits.add({ text: `${JSON.stringify(entry)}\n`, durable });
  }

  /** One batch in one write; fsync'd when it holds a ticket (a release alone is not worth a sync). */
  async #write(batch: Queued[]): Promise<void> {
    if (this.#fd < 0) this.#fd = openSync(this.#file, 'a', 0o600);
    const bytes = Buffer.from(batch.map((queued) => queued.text).join(''), 'utf8');
    for (let offset = 0; offset < bytes.length; ) offset += (await writeAsync(this.#fd, bytes, offset, bytes.length - offset)).bytesWritten;
    if (batch.some((queued) => queued.durable)) await datasyncAsync(this.#fd);
  }

  /** The held tickets alone, written whole (temp, fsync, rename), then appended to. */
  #rewrite(): void {
    writeFileAtomicSync(this.#file, [...this.#held.values()].map((held) => `${JSON.stringify({ hold: held })}\n`).join(''));
    this.#closeFd();
    this.#fd = openSync(this.#file, 'a', 0o600);
    this.#releasesInFile = 0;
  }
}

function parseLine(file: string, raw: string, number: number): z.infer<typeof line> {
  const parsed = parseJsonAs(line, raw);
  if (parsed === undefined) {
    throw new EvcError(
      'STORE_CORRUPT',
      `${file} line ${number} is damaged; it holds tickets drivers have not received yet. Move it aside to start without them (their sessions stay in the ledger).`,
    );
  }
  return parsed;
}
