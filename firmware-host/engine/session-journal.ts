import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJsonAs } from '../../base/json.ts';
import { writeFileAtomicSync } from '../../base/atomic-file.ts';
import { EvcError, makeMessage, type SessionEnded } from '../../protocol/index.ts';
import type { DeviceClient } from './device-client.ts';
import type { Engine } from './engine.ts';

const entrySchema = z.object({
  sessionId: z.string().min(1),
  driverId: z.string().min(1),
  /** Epoch ms when charging began and when the last checkpoint was taken. */
  startedAt: z.number(),
  checkpointAt: z.number(),
  kWh: z.number().nonnegative(),
});

export type JournalEntry = z.infer<typeof entrySchema>;

/**
 * The charging session in progress, on disk, so a session cut short by an Engine crash
 * (or any stop mid-charge) still ends at Central: the next start reports it as ended with
 * the energy of the last checkpoint (DESIGN §1: a fault during a supply ends it and every
 * party is told). The start is fsync'd; checkpoints (every tick) are renamed into place but
 * not fsync'd: a power cut loses at most the energy since the last one the disk kept.
 */
export class SessionJournal {
  readonly #file: string;
  readonly #interrupted: JournalEntry | undefined;
  #current: JournalEntry | undefined;

  private constructor(file: string, interrupted: JournalEntry | undefined) {
    this.#file = file;
    this.#interrupted = interrupted;
  }

  /** Reads what a previous run left. Throws EvcError JOURNAL_CORRUPT naming the file if it cannot be read. */
  static open(file: string): SessionJournal {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new SessionJournal(file, undefined);
      throw new EvcError('JOURNAL_UNREADABLE', `cannot read the session journal ${file}: ${(error as Error).message}`);
    }
    const parsed = parseJsonAs(entrySchema, text);
    if (parsed === undefined) {
      throw new EvcError(
        'JOURNAL_CORRUPT',
        `the session journal ${file} is corrupt; it names a session that was charging when the Engine stopped. ` +
          'Move it aside to start (Central will then close that session itself).',
      );
    }
    return new SessionJournal(file, parsed);
  }

  /** The session a previous run left charging, if any. */
  get interrupted(): JournalEntry | undefined {
    return this.#interrupted;
  }

  begin(sessionId: string, driverId: string, nowMs: number): void {
    this.#current = { sessionId, driverId, startedAt: nowMs, checkpointAt: nowMs, kWh: 0 };
    this.#write(this.#current, true);
  }

  checkpoint(sessionId: string, kWh: number, nowMs: number): void {
    if (this.#current?.sessionId !== sessionId) return;
    this.#current = { ...this.#current, checkpointAt: nowMs, kWh };
    this.#write(this.#current, false);
  }

  /** The session ended and its session-ended is in the outbox: nothing left to recover. */
  end(sessionId: string): void {
    if (this.#current !== undefined && this.#current.sessionId !== sessionId) return;
    this.#current = undefined;
    fs.rmSync(this.#file, { force: true });
  }

  #write(entry: JournalEntry, durable: boolean): void {
    writeFileAtomicSync(this.#file, JSON.stringify(entry) + '\n', { durable });
  }
}

/**
 * Reports a session a previous run left charging (as ended by a fault, with its last
 * checkpoint), then keeps the journal in step with the Engine. Call before `engine.start()`.
 * Listeners go after the DeviceClient's, so a session-ended is in the outbox before the
 * journal lets go of its session.
 */
export function trackSessions(journal: SessionJournal, engine: Engine, device: DeviceClient, wallClock: () => number = Date.now): void {
  const lost = journal.interrupted;
  if (lost) {
    const alreadyReported = device.pendingSessionEnd(lost.sessionId);
    if (!alreadyReported) {
      const durationS = Math.max(0, lost.checkpointAt - lost.startedAt) / 1000;
      device.send(makeMessage<SessionEnded>('session-ended', { sessionId: lost.sessionId, kWh: lost.kWh, durationS, reason: 'fault' }, wallClock));
    }
    journal.end(lost.sessionId);
  }
  engine.on('event', (event) => {
    if (event.type === 'session-started') journal.begin(event.sessionId, event.driverId, wallClock());
    else if (event.type === 'session-ended') journal.end(event.sessionId);
  });
  engine.on('telemetry', (telemetry) => journal.checkpoint(telemetry.sessionId, telemetry.kWh, wallClock()));
}
