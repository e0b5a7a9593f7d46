// A pino logger whose lines a test can read: what a component logged, at which level.
import { pino, type Logger } from 'pino';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

const LEVELS: Record<number, LogLine['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };

export function capturingLogger(level: LogLine['level'] = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level }, {
    write: (text: string) => {
      const parsed = JSON.parse(text) as { level: number; msg: string };
      lines.push({ ...parsed, level: LEVELS[parsed.level] ?? 'error' });
    },
  });
  return { logger, lines };
}
