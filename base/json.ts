import type { z } from 'zod';

/**
 * JSON text checked against a schema: the value, or undefined when the text is not JSON or
 * not of that shape. The caller says what a damaged file means (DESIGN: never start empty
 * over an unreadable store).
 */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string): z.infer<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
