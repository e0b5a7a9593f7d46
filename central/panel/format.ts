import type pc from 'picocolors';
import { PANEL_COLOUR, type CpState } from '../../protocol/index.ts';

export type Colors = ReturnType<typeof pc.createColors>;
export type Formatter = (text: string) => string;

/** DESIGN §2 panel colours. Orange is the xterm-256 orange where colour is on (ANSI has none). */
export function stateColour(state: CpState, colors: Colors): Formatter {
  switch (PANEL_COLOUR[state]) {
    case 'green':
      return colors.green;
    case 'orange':
      return colors.isColorSupported ? (text) => `\x1b[38;5;208m${text}\x1b[39m` : (text) => text;
    case 'red':
      return colors.red;
    case 'grey':
      return colors.gray;
  }
}

/** Pads or cuts plain text to exactly `width` columns (cut text ends in `…`). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
  return align === 'left' ? text.padEnd(width + text.length - chars.length) : text.padStart(width + text.length - chars.length);
}

/** Visible length of plain text (code points; the panel draws no wide characters). */
export const textWidth = (text: string): number => [...text].length;

/** Uptime as `42s`, `12m 05s`, `3h 07m`, `2d 04h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${two(Math.floor((s % 86_400) / 3600))}h`;
}

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
