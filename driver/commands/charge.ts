import { randomUUID } from 'node:crypto';
import { ChargeTracker } from '../core/charge-tracker.ts';
import type { ChargeOutcome } from '../core/outcome.ts';
import { renderPhaseLine } from '../render/session-lines.ts';
import type { CommandContext } from '../runner/context.ts';
import { followCharge } from '../runner/follow-charge.ts';
import { outcomeRecord, settle } from './results.ts';

/** Requests a charge at `cpId` and follows it to its end (DESIGN §4.5). */
export async function chargeOnce(context: CommandContext, cpId: string): Promise<ChargeOutcome> {
  const requestId = randomUUID();
  const tracker = ChargeTracker.forRequest(requestId, cpId);
  context.output.say(renderPhaseLine(tracker.view(context.io.clock.now()), context.output.render)!);
  await context.channel.request('charge', { cpId }, requestId);
  return followCharge(context, tracker, { requested: true });
}

/** `evc driver charge CP1`. */
export async function charge(context: CommandContext, cpId: string): Promise<number> {
  const outcome = await chargeOnce(context, cpId);
  context.output.result(outcomeRecord('charge', outcome));
  return settle(outcome, context.channel.busUrl);
}
