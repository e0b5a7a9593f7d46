import { z } from 'zod';

/*
 * C0 and C1 control characters (ESC starts every terminal escape sequence, CR/BS rewrite
 * what a line shows), DEL, and the bidirectional overrides and isolates that reorder what a
 * terminal or a page displays ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text from a device or a person, safe to print: control characters removed, trimmed. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, '').trim();
}

/** A free-text field of at most `max` characters, cleaned by `safeText` as it is parsed. */
export const displayText = (max: number) => z.string().max(max).transform(safeText);
