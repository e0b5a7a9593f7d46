import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { z } from 'zod';
import { CP_STATES, EvcError, cpId, driverId, sessionId } from '../../protocol/index.ts';
import { writeFileAtomic } from '../../base/atomic-file.ts';

const location = z.object({ label: z.string(), lat: z.number().optional(), lon: z.number().optional() });

export const storedCp = z.object({
  id: cpId,
  /** scrypt hash (secrets.ts); absent only for a CP known before its first hello stored one. */
  secretHash: z.string().optional(),
  location,
  pricePerKwh: z.number().nonnegative(),
  maxPowerKw: z.number().positive().optional(),
  lastState: z.enum(CP_STATES),
  lastSeenMs: z.number().optional(),
  operatorStopped: z.boolean(),
});

export const storedDriver = z.object({
  id: driverId,
  blocked: z.boolean(),
  firstSeenMs: z.number(),
  /** The key derived from the driver's token (protocol/driver-keys.ts), never the token; absent = not provisioned or revoked. */
  key: z.string().max(64).optional(),
});

export const storedSession = z.object({
  id: sessionId,
  cpId,
  driverId,
  status: z.enum(['reserved', 'charging']),
  requestId: z.string(),
  authorizedAt: z.number(),
  expiresAt: z.number(),
  startedAt: z.number().optional(),
  pricePerKwh: z.number().nonnegative(),
  currency: z.string(),
  kW: z.number().nonnegative(),
  kWh: z.number().nonnegative(),
});

/**
 * A record keyed by CP, driver or session id, as a null-prototype object: any valid id is a
 * key like any other (`constructor`, `toString`, `__proto__` — issue 9). zod's own record
 * would drop a `__proto__` entry and leave `constructor` looking present on an empty one.
 */
function idRecord<T extends z.ZodType>(value: T) {
  return z.unknown().transform((input, ctx): Record<string, z.output<T>> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object keyed by id' });
      return z.NEVER;
    }
    const out = idMap<z.output<T>>();
    for (const [key, entry] of Object.entries(input)) {
      const parsed = value.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        ctx.addIssue({ code: 'custom', path: [key, ...issue.path.map(String)], message: issue.message });
        return z.NEVER;
      }
      out[key] = parsed.data;
    }
    return out;
  });
}

/** An empty object keyed by id, with no prototype (see idRecord). */
export function idMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `DATA/state.json` (DESIGN §5): the compacted state. Changes since go to the journal
 * (journal.ts); `journal` is the first journal file it does not hold yet.
 */
export const stateFileSchema = z.object({
  version: z.literal(1),
  journal: z.number().int().nonnegative().optional(),
  cps: idRecord(storedCp),
  drivers: idRecord(storedDriver),
  sessions: idRecord(storedSession),
});

export type StateData = z.infer<typeof stateFileSchema>;
export type StoredCp = z.infer<typeof storedCp>;
export type StoredDriver = z.infer<typeof storedDriver>;

export function emptyState(): StateData {
  return { version: 1, cps: idMap(), drivers: idMap(), sessions: idMap() };
}

/**
 * lowdb file adapter for state.json. Reading validates and refuses damage with an EvcError
 * naming the file (DESIGN §5: never start empty over it); writing is atomic and fsync'd,
 * which lowdb's own adapters (steno) are not.
 */
export class StateFileAdapter implements Adapter<StateData> {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  async read(): Promise<StateData | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new EvcError(
        'STORE_UNREADABLE',
        `cannot read the store ${this.#file} (${code ?? (error as Error).message}); fix its permissions or point --data at another directory. The file was left untouched.`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.#corrupt(`it is not valid JSON (${(error as Error).message})`);
    }
    const result = stateFileSchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw this.#corrupt(`it does not have the expected shape (${issue.path.join('.') || 'top level'}: ${issue.message})`);
    }
    return result.data;
  }

  write(data: StateData): Promise<void> {
    return writeFileAtomic(this.#file, `${JSON.stringify(data, null, 2)}\n`);
  }

  #corrupt(why: string): EvcError {
    return new EvcError(
      'STORE_CORRUPT',
      `the store ${this.#file} is damaged: ${why}. Central will not start over it: restore it from a backup, or move it aside (mv ${this.#file} ${this.#file}.damaged) to start with an empty store. The file was left untouched.`,
    );
  }
}
