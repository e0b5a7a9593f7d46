import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../../base/atomic-file.ts';
import { EvcError, deviceEvent, type DeviceEvent } from '../../protocol/index.ts';

const outboxFile = z.object({ version: z.literal(1), pending: z.array(deviceEvent) });

/**
 * Events that must reach Central even if it is down when they happen (DESIGN §4.4):
 * each is on disk (written to a temp file, fsync'd, renamed over the old one) before it is
 * published, and stays until Central's `ack {re: eventId}` arrives. The rename makes a torn
 * write impossible, so a file that does not parse is damage, reported, never emptied.
 */
export class Outbox {
  readonly #file: string;
  #pending: DeviceEvent[];

  private constructor(file: string, pending: DeviceEvent[]) {
    this.#file = file;
    this.#pending = pending;
  }

  /** Loads `file` (missing = empty). Throws EvcError OUTBOX_CORRUPT naming the file when it is unreadable. */
  static open(file: string): Outbox {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Outbox(file, []);
      throw new EvcError('OUTBOX_UNREADABLE', `cannot read the outbox ${file}: ${(error as Error).message}`);
    }
    return new Outbox(file, parseOutbox(file, text));
  }

  get file(): string {
    return this.#file;
  }

  /** Unacknowledged events, oldest first (the order they must be replayed in). */
  get pending(): readonly DeviceEvent[] {
    return this.#pending;
  }

  has(eventId: string): boolean {
    return this.#pending.some((event) => event.id === eventId);
  }

  /**
   * Appends an event; it is durable when this returns. Adding an id already held is a no-op.
   * Pending events `supersedes` picks are dropped in the same write (one file state, never both or neither).
   */
  add(event: DeviceEvent, supersedes: (pending: DeviceEvent) => boolean = () => false): void {
    if (this.has(event.id)) return;
    this.#write([...this.#pending.filter((pending) => !supersedes(pending)), event]);
  }

  /** Drops the event Central acknowledged; false when it was not held (a repeated ack). */
  ack(eventId: string): boolean {
    if (!this.has(eventId)) return false;
    this.#write(this.#pending.filter((event) => event.id !== eventId));
    return true;
  }

  #write(pending: DeviceEvent[]): void {
    writeFileAtomicSync(this.#file, JSON.stringify({ version: 1, pending }, null, 1) + '\n');
    this.#pending = pending;
  }
}

function parseOutbox(file: string, text: string): DeviceEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `not JSON (${(error as Error).message})`);
  }
  const result = outboxFile.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw corrupt(file, `${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  return result.data.pending;
}

function corrupt(file: string, detail: string): EvcError {
  return new EvcError(
    'OUTBOX_CORRUPT',
    `the outbox ${file} is corrupt (${detail}); it may hold session records Central has not received. ` +
      'Move it aside to start with an empty outbox, after copying any session-ended records you need.',
  );
}
