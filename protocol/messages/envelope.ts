import { z } from 'zod';
import { ID_PATTERN, ID_RULE } from '../ids.ts';
import { epochMs } from '../limits.ts';

/** Fields every message carries (DESIGN §4.1): `type`, unique `id`, epoch-ms `ts`, `re` on replies. */
export const envelope = {
  id: z.string().min(1).max(128),
  ts: epochMs,
  re: z.string().min(1).max(128).optional(),
};

export const cpId = z.string().regex(ID_PATTERN, `CP ids are ${ID_RULE}`);
export const driverId = z.string().regex(ID_PATTERN, `driver ids are ${ID_RULE}`);
export const sessionId = z.string().min(1).max(128);

/** A message's shape: the message's own fields replace envelope fields of the same name (`re` on replies). */
type MessageShape<T extends string, S extends z.ZodRawShape> = { type: z.ZodLiteral<T> } & Omit<typeof envelope, keyof S> & S;

/** Builds one message schema: the envelope plus a literal `type` and its own fields. */
export function message<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  // The cast only fixes the static type: a plain spread types `re` as envelope & shape (never a string).
  return z.object({ type: z.literal(type), ...envelope, ...shape } as MessageShape<T, S>);
}
