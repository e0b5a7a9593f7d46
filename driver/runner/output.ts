import type { TextOutput } from '../io.ts';
import { renderContext, type RenderContext } from '../render/colors.ts';

const CLEAR_LINE = '\r\x1b[2K';

export interface OutputOptions {
  json: boolean;
  colors: boolean;
  timeZone?: string;
  /** Without a terminal, print the progress line at most this often. */
  progressEveryMs?: number;
}

/**
 * The driver's stdout: text for people (a live line redrawn in place on a terminal) or,
 * with --json, one JSON object per line and nothing else. Warnings go to stderr.
 */
export class Output {
  readonly #stdout: TextOutput;
  readonly #stderr: TextOutput;
  readonly #json: boolean;
  readonly #context: RenderContext;
  readonly #progressEveryMs: number;
  #liveShown = false;
  #resultWritten = false;
  #lastLiveMs: number | undefined;

  constructor(stdout: TextOutput, stderr: TextOutput, options: OutputOptions) {
    this.#stdout = stdout;
    this.#stderr = stderr;
    this.#json = options.json;
    this.#context = renderContext(options.colors && !options.json, options.timeZone);
    this.#progressEveryMs = options.progressEveryMs ?? 10_000;
  }

  get json(): boolean {
    return this.#json;
  }

  get render(): RenderContext {
    return this.#context;
  }

  /** A line (or lines) of text; ignored in JSON mode. */
  say(text: string): void {
    if (this.#json) return;
    this.#clearLive(this.#stdout);
    this.#stdout.write(`${text}\n`);
  }

  /** The live progress line: redrawn on a terminal, else printed now and then. */
  live(text: string, nowMs: number): void {
    if (this.#json) return;
    if (this.#stdout.isTTY) {
      this.#stdout.write(`${CLEAR_LINE}${text}`);
      this.#liveShown = true;
      return;
    }
    if (this.#lastLiveMs !== undefined && nowMs - this.#lastLiveMs < this.#progressEveryMs) return;
    this.#lastLiveMs = nowMs;
    this.#stdout.write(`${text}\n`);
  }

  /** One JSON line (JSON mode only). */
  record(value: object): void {
    if (this.#json) this.#stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** The final `{"type":"result",…}` line (JSON mode only); the first one wins. */
  result(value: { type: 'result' } & Record<string, unknown>): void {
    if (this.#resultWritten) return;
    this.#resultWritten = true;
    this.record(value);
  }

  /** A prompt or notice meant for the person, without a newline; stderr in JSON mode. */
  prompt(text: string): void {
    const stream = this.#json ? this.#stderr : this.#stdout;
    this.#clearLive(stream);
    stream.write(text);
  }

  warn(text: string): void {
    this.#clearLive(this.#stderr);
    this.#stderr.write(`${text}\n`);
  }

  #clearLive(stream: TextOutput): void {
    if (!this.#liveShown) return;
    this.#liveShown = false;
    this.#stdout.write(stream === this.#stdout ? CLEAR_LINE : '\n');
  }
}
