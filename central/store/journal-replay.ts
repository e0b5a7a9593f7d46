import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EvcError, cpId, sessionId } from '../../protocol/index.ts';
import { JOURNAL_FILE } from './journal.ts';
import { storedCp, storedDriver, storedSession, type StateData } from './state-file.ts';

/** One journal line (journal.ts): a whole record to put, or a session to drop. Replays are idempotent. */
export const journalEntry = z.discriminatedUnion('op', [
  z.object({ op: z.literal('cp'), cp: storedCp }),
  z.object({ op: z.literal('cp-remove'), cpId }),
  z.object({ op: z.literal('driver'), driver: storedDriver }),
  z.object({ op: z.literal('session'), session: storedSession }),
  z.object({ op: z.literal('session-end'), sessionId }),
]);

export type JournalEntry = z.infer<typeof journalEntry>;

export function applyEntry(data: StateData, entry: JournalEntry): void {
  switch (entry.op) {
    case 'cp': data.cps[entry.cp.id] = entry.cp; return;
    case 'cp-remove': delete data.cps[entry.cpId]; return;
    case 'driver': data.drivers[entry.driver.id] = entry.driver; return;
    case 'session': data.sessions[entry.session.id] = entry.session; return;
    case 'session-end': delete data.sessions[entry.sessionId]; return;
  }
}

/** Journal files in `dir`, by number. */
export async function journalFiles(dir: string): Promise<{ seq: number; file: string }[]> {
  const names = await readdir(dir);
  return names
    .map((name) => ({ name, match: JOURNAL_FILE.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({ seq: Number(match[1]), file: path.join(dir, name) }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Applies the journal files from `firstSeq` on to `data`, oldest first, and deletes the
 * older ones (state.json already holds them: a crash came between its write and their
 * removal). A last line cut short by a crash was never acknowledged: skipped with a warning.
 * Any other bad line stops the store with an EvcError naming the file (DESIGN §5).
 * Returns the number after the last file seen (the next file to start).
 */
export async function replayJournal(dir: string, data: StateData, firstSeq: number, warn: (message: string) => void): Promise<{ nextSeq: number; replayed: number }> {
  let nextSeq = firstSeq;
  let replayed = 0;
  for (const { seq, file } of await journalFiles(dir)) {
    if (seq < firstSeq) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    replayed += applyFile(file, await readJournal(file), data, warn);
    nextSeq = seq + 1;
  }
  return { nextSeq, replayed };
}

async function readJournal(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EvcError('STORE_UNREADABLE', `cannot read the store's journal ${file} (${code ?? (error as Error).message}); fix its permissions. The file was left untouched.`);
  }
}

function applyFile(file: string, text: string, data: StateData, warn: (message: string) => void): number {
  const lines = text.split('\n');
  const tail = lines.pop()!; // after the last newline: empty, or a line a crash cut short
  if (tail !== '') warn(`${file}: skipped its last line, cut short by a crash before it was acknowledged: ${tail.slice(0, 80)}`);
  lines.forEach((line, index) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw corrupt(file, index + 1, 'not JSON');
    }
    const parsed = journalEntry.safeParse(value);
    if (!parsed.success) throw corrupt(file, index + 1, `not a journal entry (${parsed.error.issues[0]?.message})`);
    applyEntry(data, parsed.data);
  });
  return lines.length;
}

function corrupt(file: string, lineNo: number, why: string): EvcError {
  return new EvcError(
    'STORE_CORRUPT',
    `the store's journal ${file} is damaged: line ${lineNo} is ${why}. Central will not start over it: restore the data directory from a backup, or move the file aside (mv ${file} ${file}.damaged) to lose the changes it holds. The file was left untouched.`,
  );
}
