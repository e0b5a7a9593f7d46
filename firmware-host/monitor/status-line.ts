import pc from 'picocolors';
import type { Logger } from '../../base/logger.ts';
import type { CentralStatus } from './central-session.ts';
import type { EngineReport } from './engine-report.ts';

export interface MonitorStatus {
  cpId: string;
  central: CentralStatus;
  /** Undefined until the Engine first answered (or failed to). */
  engine: EngineReport | undefined;
}

export type StatusColors = Record<'green' | 'red' | 'yellow' | 'dim', (text: string) => string>;

const MAX_DETAIL = 60;
const clip = (text: string): string => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text);

/** "CP1 ● central: connected · engine: ok (AVAILABLE) · hb 1000 ms". Pure. */
export function formatStatusLine(status: MonitorStatus, colors: StatusColors = pc.createColors(false)): string {
  const { central, engine } = status;
  const healthy = central.state === 'connected' && engine?.engine === 'ok';
  const failing = central.state === 'rejected' || engine?.engine === 'ko' || engine?.engine === 'unreachable';
  const dot = healthy ? colors.green('●') : failing ? colors.red('●') : colors.yellow('●');
  const centralText = central.detail && central.state !== 'connected' ? `${central.state} (${clip(central.detail)})` : central.state;
  const engineText = !engine
    ? 'unknown'
    : engine.engine === 'unreachable'
      ? `unreachable${engine.detail ? ` (${clip(engine.detail)})` : ''}`
      : `${engine.engine}${engine.state ? ` (${engine.state})` : ''}`;
  const parts = [`central: ${centralText}`, `engine: ${engineText}`];
  if (central.state === 'connected' && central.heartbeatMs) parts.push(colors.dim(`hb ${central.heartbeatMs} ms`));
  return `${status.cpId} ${dot} ${parts.join(' · ')}`;
}

export interface StatusOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * One status line: redrawn in place on a TTY; elsewhere each change is one structured log
 * line (a file or a pipe gets no control codes).
 */
export class StatusDisplay {
  readonly #output: StatusOutput | undefined;
  readonly #logger: Logger;
  #last = '';
  #drawn = false;

  readonly #inPlace: boolean;

  /** `inPlace` false: on a terminal shared with the Engine (evc cp), each change is one whole line instead. */
  constructor(output: StatusOutput | undefined, logger: Logger, inPlace = true) {
    this.#output = output;
    this.#logger = logger;
    this.#inPlace = inPlace;
  }

  update(status: MonitorStatus): void {
    const plain = formatStatusLine(status);
    if (plain === this.#last) return;
    this.#last = plain;
    if (this.#output?.isTTY) {
      const width = this.#output.columns ?? 120;
      const line = plain.length > width ? formatStatusLine({ ...status, central: { ...status.central, detail: undefined } }, pc) : formatStatusLine(status, pc);
      if (this.#inPlace) {
        this.#output.write(`\r\x1b[2K${line}`);
        this.#drawn = true;
      } else {
        this.#output.write(`${line}\n`);
      }
      return;
    }
    this.#logger.info({ cpId: status.cpId, central: status.central, engine: status.engine }, plain);
  }

  /** Leaves the cursor on a fresh line. */
  close(): void {
    if (this.#drawn) this.#output?.write('\n');
    this.#drawn = false;
  }
}
