import type { z } from 'zod';
import { randomUUID } from 'node:crypto';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Decodes one message (UTF-8 JSON bytes or text) against a channel's schema.
 * Never throws: bad input comes back as a readable reason (DESIGN §4.1 — NACK, never crash).
 */
export function parseMessage<S extends z.ZodType>(schema: S, data: Uint8Array | string): ParseResult<z.infer<S>> {
  let value: unknown;
  try {
    const text = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, reason: describeIssues(result.error) };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

type WithoutEnvelope<M> = M extends unknown ? Omit<M, 'type' | 'id' | 'ts'> & { id?: string; ts?: number } : never;

/** Builds a message of `type` with a fresh id and the current time unless given. */
export function makeMessage<M extends { type: string; id: string; ts: number }>(
  type: M['type'],
  fields: WithoutEnvelope<M>,
  now: () => number = Date.now,
): M {
  const { id, ts, ...rest } = fields as { id?: string; ts?: number };
  return { type, id: id ?? randomUUID(), ts: ts ?? now(), ...rest } as unknown as M;
}

/** Serialises a message to the UTF-8 JSON bytes every bus and the TCP link carry (DESIGN §4.6). */
export function encodeMessage(message: object): Buffer {
  return Buffer.from(JSON.stringify(message), 'utf8');
}
