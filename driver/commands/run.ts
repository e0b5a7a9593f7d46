import { readFile } from 'node:fs/promises';
import { EvcError, UsageError } from '../../protocol/index.ts';
import { parseRunFile } from '../core/run-file.ts';
import type { ChargeOutcome } from '../core/outcome.ts';
import type { ServiceResult } from '../render/summary-table.ts';
import { renderRunSummary } from '../render/summary-table.ts';
import type { CommandContext } from '../runner/context.ts';
import { chargeOnce } from './charge.ts';
import { outcomeRecord } from './results.ts';

/** Reads and checks a service file before anything is sent; any problem is bad usage (exit 2). */
export async function loadRunFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UsageError(`cannot read run file ${file}: ${why}`);
  }
  return parseRunFile(text, file);
}

/**
 * `evc driver run FILE` (DESIGN §1): one service per CP in turn; after each, whatever its
 * outcome, a pause (default 4 s) before the next. The CP side plugs in, not this driver.
 * Ctrl-C ends the run after the current service; a detach ends it too (the session goes on).
 */
export async function run(context: CommandContext, cpIds: string[]): Promise<number> {
  const { output, options } = context;
  const results: ServiceResult[] = [];
  for (const [index, cpId] of cpIds.entries()) {
    if (context.interrupted || results.some((result) => result.outcome.kind === 'detached')) {
      results.push({ cpId, outcome: { kind: 'skipped' } });
      continue;
    }
    if (index > 0 && (await pause(context, options.pauseMs)) === 'interrupted') {
      results.push({ cpId, outcome: { kind: 'skipped' } });
      continue;
    }
    output.say(output.render.colors.bold(`\n[${index + 1}/${cpIds.length}] ${cpId}`));
    const outcome = await chargeOnce(context, cpId);
    const line = failureLine(outcome);
    if (line !== undefined) output.say(output.render.colors.red(line));
    results.push({ cpId, outcome });
  }
  output.say(`\n${renderRunSummary(results, output.render)}`);
  const failed = results.filter((result) => result.outcome.kind !== 'completed').length;
  output.result({
    type: 'result',
    command: 'run',
    outcome: failed === 0 ? 'completed' : 'incomplete',
    exitCode: failed === 0 ? 0 : 1,
    services: results.map(({ cpId, outcome }) => (outcome.kind === 'skipped' ? { cpId, outcome: 'skipped' } : serviceRecord(outcome))),
  });
  if (failed > 0) throw new EvcError('RUN_INCOMPLETE', `${failed} of ${results.length} services did not complete (see the summary)`);
  return 0;
}

/** Waits between services; Ctrl-C cuts the wait and ends the run. */
async function pause(context: CommandContext, pauseMs: number): Promise<'done' | 'interrupted'> {
  const { inbox, io, output } = context;
  output.say(output.render.colors.dim(`Next service in ${pauseMs / 1000} s…`));
  const endMs = io.clock.now() + pauseMs;
  let waitMs = pauseMs;
  for (;;) {
    const item = await inbox.next(io.clock, waitMs);
    if (item.kind === 'timeout') return 'done';
    if (item.kind === 'interrupt') {
      context.interrupted = true;
      return 'interrupted';
    }
    waitMs = endMs - io.clock.now(); // between services, events are another session's leftovers
  }
}

function failureLine(outcome: ChargeOutcome): string | undefined {
  switch (outcome.kind) {
    case 'denied': return `✖ Denied at ${outcome.cpId}: ${outcome.reason}`;
    case 'no-answer': return `✖ No word from Central at ${outcome.cpId}: waited for ${outcome.waitingFor}`;
    case 'stop-refused': return `✖ Central refused to stop ${outcome.sessionId}: ${outcome.reason}`;
    default: return undefined;
  }
}

/** One service in the `--json` result: the outcome with its figures, without the whole ticket. */
function serviceRecord(outcome: ChargeOutcome): Record<string, unknown> {
  const { cpId, outcome: kind, sessionId, reason } = outcomeRecord('run', outcome);
  const ticket = outcome.kind === 'completed' || outcome.kind === 'ended-early' ? outcome.ticket : undefined;
  return { cpId, outcome: kind, sessionId, reason, ...(ticket ? { kWh: ticket.kWh, amount: ticket.amount } : {}) };
}
