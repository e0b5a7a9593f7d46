import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * A CLI process's logger on stderr: pretty and coloured on a terminal, one JSON object a line when piped or
 * under journald (issue 12: no raw JSON on a person's screen). Synchronous, so nothing is lost at exit.
 */
export function cliLogger(name: string, level: string): Logger {
  if (!process.stderr.isTTY) return pino({ name, level }, pino.destination(2));
  return pino({ name, level }, pretty({ destination: 2, sync: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' }));
}
