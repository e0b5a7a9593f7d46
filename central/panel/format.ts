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
