const ESC = '\x1b[';

export interface ScreenOptions {
  /** Alternate screen and hidden cursor: only for a real terminal. */
  fullScreen: boolean;
}

/**
 * Draws frames in place: only lines that changed are rewritten (cursor moved to each,
 * line cleared to its end), so the panel never flickers and a pipe gets little traffic.
 */
export class TerminalScreen {
  readonly #output: NodeJS.WritableStream;
  readonly #fullScreen: boolean;
  #lines: string[] = [];
  #open = false;

  constructor(output: NodeJS.WritableStream, options: ScreenOptions) {
    this.#output = output;
    this.#fullScreen = options.fullScreen;
  }

  open(): void {
    if (this.#open) return;
    this.#open = true;
    this.#write((this.#fullScreen ? `${ESC}?1049h${ESC}?25l` : '') + `${ESC}H${ESC}2J`);
  }

  /** Writes what differs from the last frame; returns whether anything was written. */
  draw(frame: string): boolean {
    if (!this.#open) return false;
    const next = frame.split('\n');
    let out = '';
    for (let row = 0; row < next.length; row++) {
      if (next[row] !== this.#lines[row]) out += `${ESC}${row + 1};1H${next[row]}${ESC}K`;
    }
    if (next.length < this.#lines.length) out += `${ESC}${next.length + 1};1H${ESC}J`;
    this.#lines = next;
    if (out === '') return false;
    this.#write(out);
    return true;
  }

  /** Forgets the last frame so the next draw repaints everything (after a resize). */
  invalidate(): void {
    this.#lines = [];
    if (this.#open) this.#write(`${ESC}H${ESC}2J`);
  }

  /** Restores the terminal: cursor back, main screen back (or the cursor below the panel). */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#write(this.#fullScreen ? `${ESC}?25h${ESC}?1049l` : `${ESC}${this.#lines.length + 1};1H\n`);
  }

  #write(text: string): void {
    if (this.#output.writable) this.#output.write(text);
  }
}
