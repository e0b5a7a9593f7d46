import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../../base/atomic-file.ts';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending {
  line: string;
  waiters: Waiter[];
}

/** `journal-000042.ndjson`: the number orders the files; state.json names the first one it does not hold. */
export function journalFileName(seq: number): string {
  return `journal-${String(seq).padStart(6, '0')}.ndjson`;
}

export const JOURNAL_FILE = /^journal-(\d+)\.ndjson$/;

/**
 * The store's append-only journal (DESIGN §5): each change is one line, on disk (fdatasync)
 * before `append` resolves, at a cost that does not grow with the store. Lines queued while
 * one write+sync runs share the next (group commit), and a queued line with the same key (one
 * CP, driver or session) is replaced by the newer one: registry changes coalesce.
 */
export class Journal {
  readonly #dir: string;
  #seq: number;
  /** Opened at the first write, so a store nobody changed leaves no journal file. */
  #handle: FileHandle | undefined;
  #bytes = 0;
  readonly #queue: Pending[] = [];
  readonly #byKey = new Map<string, Pending>();
  #flushing: Promise<void> | undefined;
  #rotation: { capture: (nextSeq: number) => unknown; done: Waiter } | undefined;
  #closed = false;
  #syncs = 0;

  /** Journal file `seq` in `dir`, created (empty) at the first append. */
  constructor(dir: string, seq: number) {
    this.#dir = dir;
    this.#seq = seq;
  }

  get seq(): number {
    return this.#seq;
  }

  /** Bytes in the current file. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Write+sync rounds done so far (each served every line queued before it). */
  get syncCount(): number {
    return this.#syncs;
  }

  append(entry: object, key?: string): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<void>((resolve, reject) => {
      const line = `${JSON.stringify(entry)}\n`;
      const queued = key === undefined ? undefined : this.#byKey.get(key);
      if (queued) {
        queued.line = line;
        queued.waiters.push({ resolve, reject });
      } else {
        const pending: Pending = { line, waiters: [{ resolve, reject }] };
        this.#queue.push(pending);
        if (key !== undefined) this.#byKey.set(key, pending);
      }
      this.#kick();
    });
  }

  /**
   * Switches to the next file between two write rounds and calls `capture` with its number
   * at that very moment: what `capture` reads includes every line of the files before (and
   * maybe some of the next, which replay idempotently). Resolves with its result.
   */
  rotate<T>(capture: (nextSeq: number) => T): Promise<T> {
    if (this.#rotation) return Promise.reject(new Error('a journal rotation is already running'));
    return new Promise<T>((resolve, reject) => {
      this.#rotation = { capture, done: { resolve: resolve as () => void, reject } };
      this.#kick();
    });
  }

  /** Resolves once every line appended so far is on disk. */
  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
    await this.#handle?.close();
    this.#handle = undefined;
  }

  #kick(): void {
    // A microtask: everything appended in this synchronous stretch joins the first write.
    this.#flushing ??= Promise.resolve().then(() => this.#flush());
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0 || this.#rotation) {
        if (this.#queue.length > 0) await this.#writeBatch();
        if (this.#rotation) await this.#rotate();
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #writeBatch(): Promise<void> {
    const batch = this.#queue.splice(0);
    this.#byKey.clear();
    const bytes = Buffer.from(batch.map((pending) => pending.line).join(''), 'utf8');
    try {
      const handle = (this.#handle ??= await createFile(this.#dir, this.#seq));
      let offset = 0;
      while (offset < bytes.length) offset += (await handle.write(bytes, offset)).bytesWritten;
      await handle.datasync();
      this.#bytes += bytes.length;
      this.#syncs++;
      for (const pending of batch) for (const waiter of pending.waiters) waiter.resolve();
    } catch (error) {
      for (const pending of batch) for (const waiter of pending.waiters) waiter.reject(error);
    }
  }

  async #rotate(): Promise<void> {
    const rotation = this.#rotation!;
    this.#rotation = undefined;
    try {
      // Nothing is written between the capture and the switch: both happen in this turn. The
      // next file is created at its first write; with nothing written yet there is nothing to leave.
      const previous = this.#handle;
      if (previous) this.#seq += 1;
      const value = rotation.capture(this.#seq);
      this.#handle = undefined;
      this.#bytes = 0;
      await previous?.close();
      (rotation.done.resolve as (value: unknown) => void)(value);
    } catch (error) {
      rotation.done.reject(error);
    }
  }
}

async function createFile(dir: string, seq: number): Promise<FileHandle> {
  const handle = await open(path.join(dir, journalFileName(seq)), 'w', 0o600);
  try {
    await syncDirectory(dir); // the new file's name must survive a crash too
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
