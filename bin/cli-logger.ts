import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { lazyPackage } from '../base/lazy-package.ts';

/** pino-pretty (~25 ms to load), for a terminal only: a piped or journald process never loads it. */
const loadPretty = lazyPackage<typeof PinoPretty>('pino-pretty');

/** Log lines for a person: coloured, the time of day, no pid or host. */
export function prettyStream(options: { sync?: boolean } = {}): DestinationStream {
  return loadPretty()({ destination: 2, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', ...options });
}

/**
 * A CLI process's logger on stderr: pretty and coloured on a terminal, one JSON object a line when piped or
 * under journald (issue 12: no raw JSON on a person's screen). Synchronous, so nothing is lost at exit.
 */
export function cliLogger(name: string, level: string): Logger {
  if (!process.stderr.isTTY) return pino({ name, level }, pino.destination(2));
  return pino({ name, level }, prettyStream({ sync: true }));
}
