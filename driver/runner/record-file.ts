import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { parseJsonAs } from '../../base/json.ts';
import { createFileOnce, writeFileAtomic } from '../../base/atomic-file.ts';
import { EvcError } from '../../protocol/index.ts';

export interface RecordFileErrors {
  /** EvcError code when the file cannot be read (it exists). */
  unreadable: string;
  /** EvcError code and what to tell the driver when it holds no valid record. */
  damaged: string;
  damagedHint: (path: string) => string;
}

/**
 * One small JSON record the driver CLI keeps per driver in its data directory (its token, its
 * current session). Missing = undefined; unreadable or damaged = an EvcError naming the file.
 * Written through a temp file, so a crash leaves the old record, never half a file.
 */
export class RecordFile<S extends z.ZodType> {
  readonly path: string;
  readonly #schema: S;
  readonly #errors: RecordFileErrors;

  constructor(path: string, schema: S, errors: RecordFileErrors) {
    this.path = path;
    this.#schema = schema;
    this.#errors = errors;
  }

  async read(): Promise<z.infer<S> | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new EvcError(this.#errors.unreadable, `cannot read ${this.path}: ${(error as Error).message}`);
    }
    const parsed = parseJsonAs(this.#schema, text);
    if (parsed === undefined) throw new EvcError(this.#errors.damaged, this.#errors.damagedHint(this.path));
    return parsed;
  }

  /** Replaces the record (creating the folder). */
  async write(record: z.infer<S>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify(record)}\n`);
  }

  /** Writes the record only when there is none yet; false when there was. */
  async create(record: z.infer<S>): Promise<boolean> {
    await mkdir(dirname(this.path), { recursive: true });
    return createFileOnce(this.path, `${JSON.stringify(record)}\n`);
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
