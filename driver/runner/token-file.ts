import { join } from 'node:path';
import { z } from 'zod';
import { EvcError, generateDriverToken } from '../../protocol/index.ts';
import { RecordFile } from './record-file.ts';

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
  readonly #file: RecordFile<typeof tokenRecord>;

  constructor(dataDir: string, driverId: string) {
    this.#file = new RecordFile(join(dataDir, `driver-${driverId}.token`), tokenRecord, {
      unreadable: 'TOKEN_FILE_UNREADABLE',
      damaged: 'TOKEN_FILE_DAMAGED',
      damagedHint: (path) => `${path} does not hold a token; pass your token with --token (or remove the file to make a new one)`,
    });
  }

  get path(): string {
    return this.#file.path;
  }

  async resolve(given: string | undefined): Promise<TokenRecord> {
    const kept = await this.#file.read();
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
    return (await this.#file.read()) ?? record;
  }

  async markPinned(token: string): Promise<void> {
    const kept = await this.#file.read();
    if (kept?.token === token && !kept.pinned) await this.#write({ token, pinned: true }, true);
  }

  /** `replace` false only creates (false when the file already exists). */
  async #write(record: TokenRecord, replace: boolean): Promise<boolean> {
    try {
      if (!replace) return await this.#file.create(record);
      await this.#file.write(record);
      return true;
    } catch (error) {
      throw new EvcError('TOKEN_FILE_UNWRITABLE', `cannot write ${this.path}: ${(error as Error).message}`);
    }
  }
}
