import type { OutputLine } from '../base/managed-process.ts';

/** One line of `evc driver --json`: a driver event or the final `result`. */
export type DriverRecord = { type: string } & Record<string, unknown>;

/** The record a driver process printed on `line`, or undefined for anything else. */
export function driverRecordOf(line: OutputLine): DriverRecord | undefined {
  if (line.stream !== 'stdout' || !line.text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line.text) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as DriverRecord) : undefined;
  } catch {
    return undefined;
  }
}
