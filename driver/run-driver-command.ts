import { EvcError } from '../protocol/index.ts';
import { charge } from './commands/charge.ts';
import { recordedSession, stop, watch } from './commands/follow-existing.ts';
import { list, status } from './commands/queries.ts';
import { loadRunFile, run } from './commands/run.ts';
import type { DriverIo } from './io.ts';
import { DEFAULT_BUS_URL, type DriverOptions } from './options.ts';
import { createOutput, withChannel } from './runner/context.ts';
import { SessionFile } from './runner/session-file.ts';

/**
 * Runs one `evc driver` command. Resolves 0 on success; every failure is an EvcError
 * (exit 1, UsageError exit 2) whose message is the one line bin/ prints on stderr.
 * With --json the last stdout line is always a `{"type":"result"}` object, errors included.
 */
export async function runDriverCommand(options: DriverOptions, io: DriverIo): Promise<number> {
  const output = createOutput(options, io);
  const sessionFile = new SessionFile(options.dataDir, options.driverId);
  const base = { options, io, output, sessionFile };
  const command = options.command;
  try {
    switch (command.name) {
      case 'charge':
        return await withChannel(base, 'main', (context) => charge(context, command.cpId));
      case 'run': {
        const cpIds = await loadRunFile(command.file);
        return await withChannel(base, 'main', (context) => run(context, cpIds));
      }
      case 'watch': {
        const record = await recordedSession(sessionFile, prefixFor(options));
        return await withChannel(base, 'main', (context) => watch(context, record));
      }
      case 'stop': {
        const record = await recordedSession(sessionFile, prefixFor(options));
        return await withChannel(base, 'stop', (context) => stop(context, record));
      }
      case 'list':
        return await withChannel(base, 'list', (context) => list(context));
      case 'status':
        return await withChannel(base, 'status', (context) => status(context, command.cpId));
    }
  } catch (error) {
    const evcError = error instanceof EvcError ? error : new EvcError('FAILED', error instanceof Error ? error.message : String(error));
    output.result({ type: 'result', command: command.name, outcome: 'error', exitCode: evcError.exitCode, code: evcError.code, reason: evcError.message });
    throw evcError;
  }
}

function prefixFor(options: DriverOptions): string {
  return `evc driver --id ${options.driverId}${options.busUrl === DEFAULT_BUS_URL ? '' : ' --bus URL'}`;
}
