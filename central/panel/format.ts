import type pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;
export type Formatter = (text: string) => string;


/** Pads or cuts plain text to exactly `width` columns (cut text ends in `…`). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
  return align === 'left' ? text.padEnd(width + text.length - chars.length) : text.padStart(width + text.length - chars.length);
}

/** Visible length of plain text (code points; the panel draws no wide characters). */
export const textWidth = (text: string): number => [...text].length;


const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** `HH:MM:SS` in `timeZone` (undefined = the machine's zone). */
export function formatClock(atMs: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    clockFormats.set(key, format);
  }
  return format.format(atMs);
}
