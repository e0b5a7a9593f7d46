import { EvcError } from '../../protocol/index.ts';
import { ChargeTracker } from '../core/charge-tracker.ts';
import type { CommandContext } from '../runner/context.ts';
import { followCharge } from '../runner/follow-charge.ts';
import type { SessionFile, SessionRecord } from '../runner/session-file.ts';
import { outcomeRecord, settle } from './results.ts';

/** The session this driver last started here, or a clear error when there is none. */
export async function recordedSession(sessionFile: SessionFile, commandPrefix: string): Promise<SessionRecord> {
  const record = await sessionFile.read();
  if (record === undefined) {
    throw new EvcError('NO_SESSION', `no active session is recorded in ${sessionFile.path}; start one with: ${commandPrefix} charge CP`);
  }
  return record;
}

/** `evc driver watch`: follows the recorded session (after a detach) to its ticket. */
export async function watch(context: CommandContext, record: SessionRecord): Promise<number> {
  context.output.say(`Following session ${record.sessionId} at ${record.cpId} (Ctrl-C to stop or detach)…`);
  const outcome = await followCharge(context, ChargeTracker.forSession(record.sessionId, record.cpId), { requested: false });
  context.output.result(outcomeRecord('watch', outcome));
  return settle(outcome, context.channel.busUrl);
}

/** `evc driver stop`: stops the recorded session and waits for its ticket. */
export async function stop(context: CommandContext, record: SessionRecord): Promise<number> {
  const tracker = ChargeTracker.forSession(record.sessionId, record.cpId);
  const requestId = await context.channel.request('stop', { sessionId: record.sessionId });
  tracker.stopRequested(requestId);
  context.output.say(`Stopping session ${record.sessionId} at ${record.cpId}…`);
  const outcome = await followCharge(context, tracker, { requested: true });
  if (outcome.kind === 'stop-refused') {
    // Central knows no active session by that id for us: the local record is stale.
    await context.sessionFile.clear(record.sessionId);
    context.output.say(`Forgot session ${record.sessionId} (${context.sessionFile.path}).`);
  }
  context.output.result(outcomeRecord('stop', outcome));
  return settle(outcome, context.channel.busUrl);
}
