import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerLine, SessionLedgerLine } from '../core/index.ts';
import { isLedgerFileName, ledgerLineSchema } from './ledger-files.ts';

const CHUNK_BYTES = 64 * 1024;

export type Warn = (message: string) => void;

/** Lines of `file` from the last to the first, reading fixed-size chunks from the end. */
async function* linesBackwards(file: string): AsyncGenerator<{ text: string; complete: boolean; lineNo: number }> {
  const handle = await open(file, 'r');
  try {
    let position = (await handle.stat()).size;
    let rest = Buffer.alloc(0);
    let atEnd = true; // the first piece found is the file's tail, after its last newline
    let fromEnd = 0;
    while (position > 0) {
      const size = Math.min(CHUNK_BYTES, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, position);
      const data = rest.length > 0 ? Buffer.concat([chunk, rest]) : chunk;
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] !== 0x0a) continue;
        if (end > i + 1 || !atEnd) yield { text: data.toString('utf8', i + 1, end), complete: !atEnd, lineNo: ++fromEnd };
        atEnd = false;
        end = i;
      }
      rest = data.subarray(0, end);
    }
    if (rest.length > 0) yield { text: rest.toString('utf8'), complete: !atEnd, lineNo: ++fromEnd };
  } finally {
    await handle.close();
  }
}

/** Ledger files in `ledgerDir`, newest month first. */
export async function ledgerFiles(ledgerDir: string): Promise<string[]> {
  const names = await readdir(ledgerDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names.filter(isLedgerFileName).sort().reverse().map((name) => path.join(ledgerDir, name));
}

/**
 * Streams ledger lines newest first, touching only as much of the history as is read
 * (the reader pulls; nothing is loaded whole). A line cut short by a crash, or one that
 * does not parse, is skipped with a warning (DESIGN §5).
 */
export async function* readLedgerBackwards(ledgerDir: string, warn: Warn = () => undefined): AsyncGenerator<LedgerLine> {
  for (const file of await ledgerFiles(ledgerDir)) {
    for await (const { text, complete, lineNo } of linesBackwards(file)) {
      if (text.trim() === '') continue;
      if (!complete) {
        warn(`${file}: skipping an incomplete last line (a write was cut short): ${text.slice(0, 80)}`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        warn(`${file}: skipping line ${lineNo} from the end, not JSON: ${text.slice(0, 80)}`);
        continue;
      }
      const parsed = ledgerLineSchema.safeParse(value);
      if (!parsed.success) {
        warn(`${file}: skipping line ${lineNo} from the end, not a ledger line: ${text.slice(0, 80)}`);
        continue;
      }
      yield parsed.data as LedgerLine;
    }
  }
}

/** The latest `limit` finished sessions, newest first; a session written twice (crash between writes) counts once. */
export async function latestSessionLines(ledgerDir: string, limit: number, warn?: Warn): Promise<SessionLedgerLine[]> {
  const seen = new Set<string>();
  const sessions: SessionLedgerLine[] = [];
  if (limit <= 0) return sessions;
  for await (const line of readLedgerBackwards(ledgerDir, warn)) {
    if (line.kind !== 'session' || seen.has(line.sessionId)) continue;
    seen.add(line.sessionId);
    sessions.push(line);
    if (sessions.length >= limit) break;
  }
  return sessions;
}
