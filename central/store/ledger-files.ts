import path from 'node:path';
import { z } from 'zod';
import { SESSION_END_REASONS, cpId, driverId, sessionId } from '../../protocol/index.ts';
import type { LedgerLine } from '../core/index.ts';

const FILE_PATTERN = /^sessions-(\d{4})-(\d{2})\.ndjson$/;

/** `sessions-YYYY-MM.ndjson` for the UTC month of `atMs` (DESIGN §5). */
export function ledgerFileName(atMs: number): string {
  const date = new Date(atMs);
  return `sessions-${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}.ndjson`;
}

export function isLedgerFileName(name: string): boolean {
  return FILE_PATTERN.test(name);
}

/** The instant that files a line under its month: a session's end, an action's time. */
export function lineTime(line: LedgerLine): number {
  return line.kind === 'session' ? line.endedAt : line.atMs;
}

export function ledgerPath(ledgerDir: string, line: LedgerLine): string {
  return path.join(ledgerDir, ledgerFileName(lineTime(line)));
}

const sessionLine = z.object({
  kind: z.literal('session'),
  sessionId,
  cpId,
  driverId,
  startedAt: z.number(),
  endedAt: z.number(),
  durationS: z.number().nonnegative(),
  kWh: z.number().nonnegative(),
  pricePerKwh: z.number().nonnegative(),
  amount: z.number().nonnegative(),
  currency: z.string(),
  reason: z.enum(SESSION_END_REASONS),
  location: z.string().optional(),
  billedKwhSource: z.enum(['meter', 'last-plausible-reading']).optional(),
  claimedKwh: z.number().nonnegative().optional(),
});

const operatorLine = z.object({
  kind: z.literal('operator'),
  action: z.enum(['stop', 'resume', 'remove', 'reset-secret']),
  cpId,
  atMs: z.number(),
  scope: z.enum(['one', 'all']),
  reason: z.string().optional(),
});

export const ledgerLineSchema = z.discriminatedUnion('kind', [sessionLine, operatorLine]);
