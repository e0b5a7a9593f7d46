// An `evc driver --json` process, read as the records it prints (DESIGN §4.5 events, then
// one `{"type":"result"}` line).
import type { ManagedProcess, ProcessExit } from './processes.ts';
import { driverRecordOf, type DriverRecord } from '../../demo/driver-records.ts';

export type { DriverRecord };

/** The driver's `ticket` event, as the protocol defines it (DESIGN §4.5). */
export type { Ticket } from '../../protocol/index.ts';

export interface DriverResult {
  exit: ProcessExit;
  /** Every record, in order. */
  records: DriverRecord[];
  /** The final `{"type":"result"}` record. */
  result: DriverRecord;
}

/** Waits on what a driver prints: an event crosses two buses and Central, so the defaults are generous. */
export const DRIVER_EVENT_MS = 20_000;

export class DriverProcess {
  readonly process: ManagedProcess;

  constructor(process: ManagedProcess) {
    this.process = process;
  }

  /** Lines printed so far: pass as `since` to wait for what comes after. */
  get mark(): number {
    return this.process.lineCount;
  }

  /** The first record of `type` (from `since` on) for which `accept` holds. */
  event<T extends DriverRecord = DriverRecord>(type: string, accept: (record: T) => boolean = () => true, since = 0, timeoutMs = DRIVER_EVENT_MS): Promise<T> {
    return this.process.waitFor(
      (line) => {
        const record = driverRecordOf(line);
        return record?.type === type && accept(record as T) ? (record as T) : undefined;
      },
      `a "${type}" record`,
      { timeoutMs, since, stream: 'stdout' },
    );
  }

  /** Waits for the driver to exit; returns its records and its result line. */
  async finish(timeoutMs = 60_000): Promise<DriverResult> {
    const exit = await this.process.waitForExit(timeoutMs);
    const records = this.process.lines().map(driverRecordOf).filter((record): record is DriverRecord => record !== undefined);
    const result = [...records].reverse().find((record) => record.type === 'result');
    if (!result) throw new Error(`${this.process.name} printed no result line:\n${this.process.tail(20).join('\n')}`);
    return { exit, records, result };
  }
}

