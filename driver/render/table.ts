import type { Colors, Formatter } from './colors.ts';

/** One table cell: its plain text and an optional colour applied after padding. */
export interface Cell {
  text: string;
  style?: Formatter;
}

export function cell(text: string, style?: Formatter): Cell {
  return style === undefined ? { text } : { text, style };
}

/** Left-aligned columns two spaces apart, a dim header, no trailing spaces. */
export function renderTable(headers: string[], rows: Cell[][], colors: Colors): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]?.text.length ?? 0)));
  const line = (cells: Cell[]): string =>
    cells
      .map((item, column) => {
        const padded = column === cells.length - 1 ? item.text : item.text.padEnd(widths[column] ?? 0);
        return item.style ? item.style(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(headers.map((header) => cell(header, colors.dim))), ...rows.map(line)];
}
