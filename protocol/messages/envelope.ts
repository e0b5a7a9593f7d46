import { z } from 'zod';

/** Fields every message carries (DESIGN §4.1): `type`, unique `id`, epoch-ms `ts`, `re` on replies. */
export const envelope = {
  id: z.string().min(1).max(128),
  ts: z.number().int().nonnegative(),
  re: z.string().min(1).max(128).optional(),
};

export const cpId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'CP ids are 1-64 letters, digits, _ or -');
export const driverId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'driver ids are 1-64 letters, digits, _ or -');
export const sessionId = z.string().min(1).max(128);

/** Builds one message schema: the envelope plus a literal `type` and its own fields. */
export function message<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), ...envelope, ...shape });
}
