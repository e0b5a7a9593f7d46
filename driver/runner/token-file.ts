import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseJsonAs } from '../../base/json.ts';
import { createFileOnce, writeFileAtomic } from '../../base/atomic-file.ts';
import { EvcError, generateDriverToken } from '../../protocol/index.ts';

const tokenRecord = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  /** Central has shown it knows this token (a sealed event opened with its key); on Kafka the key is no longer sent. */
  pinned: z.boolean(),
});
export type TokenRecord = z.infer<typeof tokenRecord>;

/**
 * The driver's token (DESIGN §4.5, issue 9), kept owner-only in `DATA/driver-{id}.token`.
 * `--token` / EVC_TOKEN (what `evc central add-driver` printed) replaces the kept one; with
 * neither, the kept one is used, or a new one is made for Central to pin at first use
 * (`--registration open`).
 */
export class TokenFile {
  readonly #path: string;

  constructor(dataDir: string, driverId: string) {
    this.#path = join(dataDir, `driver-${driverId}.token`);
  }

  get path(): string {
    return this.#path;
  }

  async resolve(given: string | undefined): Promise<TokenRecord> {
    const kept = await this.#read();
    if (given !== undefined) {
      if (kept?.token === given) return kept;
      const record = { token: given, pinned: false };
      await this.#write(record, true);
      return record;
    }
    if (kept) return kept;
    const record = { token: generateDriverToken(), pinned: false };
    // Exclusive: two commands starting at once must not make two tokens.
    if (await this.#write(record, false)) return record;
    return (await this.#read()) ?? record;
  }

  async markPinned(token: string): Promise<void> {
    const kept = await this.#read();
    if (kept?.token === token && !kept.pinned) await this.#write({ token, pinned: true }, true);
  }

  async #read(): Promise<TokenRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new EvcError('TOKEN_FILE_UNREADABLE', `cannot read ${this.#path}: ${(error as Error).message}`);
    }
    const parsed = parseJsonAs(tokenRecord, text);
    if (parsed === undefined) throw new EvcError('TOKEN_FILE_DAMAGED', `${this.#path} does not hold a token; pass your token with --token (or remove the file to make a new one)`);
    return parsed;
  }

  /** Writes through a temp file; `replace` false only creates (false when the file already exists). */
  async #write(record: TokenRecord, replace: boolean): Promise<boolean> {
    await mkdir(join(this.#path, '..'), { recursive: true });
    const text = `${JSON.stringify(record)}\n`;
    try {
      if (!replace) return await createFileOnce(this.#path, text);
      await writeFileAtomic(this.#path, text);
      return true;
    } catch (error) {
      throw new EvcError('TOKEN_FILE_UNWRITABLE', `cannot write ${this.#path}: ${(error as Error).message}`);
    }
  }
}
