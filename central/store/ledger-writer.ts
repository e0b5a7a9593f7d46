import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerLine } from '../core/index.ts';
import { syncDirectory } from '../../base/atomic-file.ts';
import { ledgerPath } from './ledger-files.ts';

interface Pending {
  file: string;
  bytes: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends ledger lines (DESIGN §5): each resolves once its line is fsync'd. The current
 * month's file stays open in append mode, so an append never reads or rewrites history
 * and costs the same at line 10 or 10 million. Lines arriving while one fsync runs share
 * the next one (group commit).
 */
export class LedgerWriter {
  readonly #dir: string;
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #file: string | undefined;
  #handle: FileHandle | undefined;
  #closed = false;

  constructor(ledgerDir: string) {
    this.#dir = ledgerDir;
  }

  append(line: LedgerLine): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('ledger is closed'));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ file: ledgerPath(this.#dir, line), bytes: Buffer.from(`${JSON.stringify(line)}\n`), resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#flushing) await this.#flushing;
    await this.#handle?.close();
    this.#handle = undefined;
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      // Lines keep their order; a batch spanning a month boundary writes each file in turn.
      for (const group of groupByFile(batch)) {
        try {
          const handle = await this.#handleFor(group[0]!.file);
          await writeAll(handle, Buffer.concat(group.map((pending) => pending.bytes)));
          await handle.datasync();
          for (const pending of group) pending.resolve();
        } catch (error) {
          await this.#handle?.close().catch(() => undefined);
          this.#handle = undefined;
          this.#file = undefined;
          for (const pending of group) pending.reject(error);
        }
      }
    }
    this.#flushing = undefined;
  }

  async #handleFor(file: string): Promise<FileHandle> {
    if (this.#handle && this.#file === file) return this.#handle;
    await this.#handle?.close();
    this.#handle = undefined;
    const size = await stat(file).then((s) => s.size, () => -1);
    const handle = await open(file, 'a+', 0o600);
    try {
      if (size < 0) {
        await syncDirectory(path.dirname(file)); // the new file's name must survive a crash too
      } else if (size > 0 && !(await endsWithNewline(handle, size))) {
        // A crash cut the last line short: end it, so the next line stays readable on its own.
        await handle.write('\n');
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.#handle = handle;
    this.#file = file;
    return handle;
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += (await handle.write(bytes, offset)).bytesWritten;
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

function groupByFile(batch: Pending[]): Pending[][] {
  const groups: Pending[][] = [];
  for (const pending of batch) {
    const current = groups.at(-1);
    if (current && current[0]!.file === pending.file) current.push(pending);
    else groups.push([pending]);
  }
  return groups;
}
