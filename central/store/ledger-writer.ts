import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerLine } from '../core/index.ts';
import { syncDirectory } from '../../base/atomic-file.ts';
import { GroupCommit } from './group-commit.ts';
import { ledgerPath } from './ledger-files.ts';

interface Pending {
  file: string;
  bytes: Buffer;
}

/**
 * Appends ledger lines (DESIGN §5): each resolves once its line is fsync'd. The current
 * month's file stays open in append mode, so an append never reads or rewrites history
 * and costs the same at line 10 or 10 million. Lines arriving while one fsync runs share
 * the next one (group commit).
 */
export class LedgerWriter {
  readonly #dir: string;
  // Lines keep their order; a batch spanning a month boundary writes each file in turn.
  readonly #commits = new GroupCommit<Pending>((run) => this.#write(run), (pending) => pending.file);
  #file: string | undefined;
  #handle: FileHandle | undefined;
  #closed = false;

  constructor(ledgerDir: string) {
    this.#dir = ledgerDir;
  }

  append(line: LedgerLine): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('ledger is closed'));
    return this.#commits.add({ file: ledgerPath(this.#dir, line), bytes: Buffer.from(`${JSON.stringify(line)}\n`) });
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#commits.drain();
    await this.#handle?.close();
    this.#handle = undefined;
  }

  /** One month file's lines: written, then fsync'd. A failure closes the file, so the next write reopens it. */
  async #write(run: Pending[]): Promise<void> {
    try {
      const handle = await this.#handleFor(run[0]!.file);
      await writeAll(handle, Buffer.concat(run.map((pending) => pending.bytes)));
      await handle.datasync();
    } catch (error) {
      await this.#handle?.close().catch(() => undefined);
      this.#handle = undefined;
      this.#file = undefined;
      throw error;
    }
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
