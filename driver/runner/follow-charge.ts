import type { DriverEvent, Ticket } from '../../protocol/index.ts';
import type { ChargeTracker, ChargeView } from '../core/charge-tracker.ts';
import { outcomeOfTicket, type ChargeOutcome } from '../core/outcome.ts';
import { renderReceipt } from '../render/receipt.ts';
import { renderDetached, renderPhaseLine, renderProgressLine, renderStopSent } from '../render/session-lines.ts';
import type { CommandContext } from './context.ts';
import { askInterruptChoice } from './interrupt-prompt.ts';

export interface FollowOptions {
  /** Started from a request (charge, run): Central must answer in time. False for watch/stop. */
  requested: boolean;
}

/**
 * Follows one charge until it ends, is denied, detached from, or Central goes quiet:
 * prints each step, the live line and the receipt, keeps the session file, handles Ctrl-C.
 * Denials and silences are printed by the caller (an error for `charge`, a line for `run`).
 */
export async function followCharge(context: CommandContext, tracker: ChargeTracker, { requested }: FollowOptions): Promise<ChargeOutcome> {
  const { inbox, io, output } = context;
  let waitSinceMs = io.clock.now();
  let stopWhenKnown = false;
  for (;;) {
    const timeoutMs = waitLimitMs(context, tracker, requested, waitSinceMs);
    const item = await inbox.next(io.clock, timeoutMs);
    const cpId = tracker.phase.cpId;
    if (item.kind === 'timeout') return { kind: 'no-answer', cpId, waitingFor: waitingFor(tracker) };
    if (item.kind === 'interrupt') {
      const sessionId = tracker.sessionId;
      const stop = tracker.stop?.kind;
      if (stop === 'sent' || stop === 'accepted') {
        if (sessionId === undefined) continue;
        context.interrupted = true;
        output.say('Stop already sent; not waiting for the ticket.');
        return detached(context, cpId, sessionId);
      }
      if (sessionId === undefined) {
        context.interrupted = true;
        stopWhenKnown = true;
        output.say('Will stop the session as soon as Central answers…');
        continue;
      }
      const choice = await askInterruptChoice(io.stdin, (text) => output.prompt(text));
      if (choice !== 'continue') context.interrupted = true;
      if (choice === 'detach') return detached(context, cpId, sessionId);
      if (choice === 'stop') await sendStop(context, tracker, sessionId);
      waitSinceMs = io.clock.now();
      continue;
    }
    const event = item.event;
    if (event.type === 'ticket' && (await context.seenTickets.has(event.sessionId))) {
      // A redelivery (DESIGN §4.5): shown before; acknowledge again, show nothing.
      await acknowledge(context, event);
      if (event.sessionId === tracker.sessionId) {
        await context.sessionFile.clear(event.sessionId);
        output.say(`Ticket for session ${event.sessionId} was already shown.`);
        return outcomeOfTicket(event);
      }
      continue;
    }
    const before = tracker.view(item.receivedAtMs);
    if (!tracker.apply(event, item.receivedAtMs)) {
      if (event.type === 'ticket') await showOtherTicket(context, event);
      continue;
    }
    // A ticket is shown the moment it is recorded as seen (DESIGN §4.5): a crash during the file
    // write cannot show it twice, and only one in the microseconds after its rename loses it.
    if (event.type === 'ticket') await context.seenTickets.add(event.sessionId, () => showTicket(output, event));
    else output.record(event);
    waitSinceMs = io.clock.now();
    const outcome = await react(context, tracker, before, event, item.receivedAtMs);
    if (outcome) return outcome;
    if (stopWhenKnown && tracker.sessionId !== undefined && tracker.stop === undefined) {
      await sendStop(context, tracker, tracker.sessionId);
    }
  }
}

/** Prints what changed; returns the outcome once the charge is over. */
async function react(
  context: CommandContext,
  tracker: ChargeTracker,
  before: ChargeView,
  event: DriverEvent,
  nowMs: number,
): Promise<ChargeOutcome | undefined> {
  const { output, sessionFile } = context;
  const view = tracker.view(nowMs);
  if (view.kind === 'ended') {
    await acknowledge(context, view.ticket);
    await sessionFile.clear(view.sessionId);
    return outcomeOfTicket(view.ticket);
  }
  if (view.kind === 'denied') return { kind: 'denied', cpId: view.cpId, reason: view.reason };
  if (view.stop?.kind === 'refused' && before.stop?.kind !== 'refused') {
    return { kind: 'stop-refused', cpId: view.cpId, sessionId: tracker.sessionId ?? '', reason: view.stop.reason };
  }
  if (view.stop?.kind === 'accepted' && before.stop?.kind === 'sent') output.say('Stop accepted; waiting for the ticket…');
  if (view.kind !== before.kind) {
    const line = renderPhaseLine(view, output.render);
    if (line !== undefined) output.say(line);
  }
  const sessionId = tracker.sessionId;
  if (sessionId !== undefined && !('sessionId' in before && before.sessionId === sessionId)) {
    await sessionFile.save({ sessionId, cpId: view.cpId, savedAtMs: nowMs });
  }
  if (view.kind === 'charging' && event.type === 'progress') output.live(renderProgressLine(view, output.render), nowMs);
  return undefined;
}

/** A ticket of an earlier session (its command was gone when it came): shown now, once. */
async function showOtherTicket(context: CommandContext, ticket: Ticket): Promise<void> {
  await context.seenTickets.add(ticket.sessionId, () => showTicket(context.output, ticket, 'Ticket of an earlier session:\n'));
  await acknowledge(context, ticket);
  await context.sessionFile.clear(ticket.sessionId);
}

/** Remembers the ticket as shown (a no-op when already), then tells Central it may stop redelivering it (DESIGN §4.5). */
async function acknowledge(context: CommandContext, ticket: Ticket): Promise<void> {
  await context.seenTickets.add(ticket.sessionId);
  await context.channel.request('ack', { sessionId: ticket.sessionId }).catch((error: Error) => {
    context.output.warn(`could not acknowledge the ticket of ${ticket.sessionId} (${error.message}); Central will send it again`);
  });
}

async function sendStop(context: CommandContext, tracker: ChargeTracker, sessionId: string): Promise<void> {
  const requestId = await context.channel.request('stop', { sessionId });
  tracker.stopRequested(requestId);
  context.output.say(renderStopSent(sessionId, context.output.render));
}

function detached(context: CommandContext, cpId: string, sessionId: string): ChargeOutcome {
  context.output.say(renderDetached(context.commandPrefix, { cpId, sessionId }, context.output.render));
  return { kind: 'detached', cpId, sessionId };
}

/** How long to wait now for the next word from Central; undefined = no limit (charging, watching). */
function waitLimitMs(context: CommandContext, tracker: ChargeTracker, requested: boolean, sinceMs: number): number | undefined {
  const { options, io } = context;
  const now = io.clock.now();
  const stop = tracker.stop?.kind;
  if (stop === 'sent') return sinceMs + options.answerTimeoutMs - now;
  if (stop === 'accepted') return sinceMs + options.ticketTimeoutMs - now;
  const phase = tracker.phase;
  switch (phase.kind) {
    case 'requested':
      return sinceMs + options.answerTimeoutMs - now;
    case 'accepted':
      return requested ? sinceMs + options.answerTimeoutMs - now : undefined;
    case 'reserved':
      return phase.plugInByMs + options.plugInGraceMs - now;
    default:
      return undefined;
  }
}

function waitingFor(tracker: ChargeTracker): string {
  const stop = tracker.stop?.kind;
  if (stop === 'sent') return 'an answer to the stop request';
  if (stop === 'accepted') return 'the ticket after the stop';
  switch (tracker.phase.kind) {
    case 'requested': return 'an answer to the charge request';
    case 'accepted': return 'the authorization';
    case 'reserved': return 'word on the reservation after its plug-in deadline';
    default: return 'the next event';
  }
}

/** The ticket's JSON record and its receipt, together. */
function showTicket(output: CommandContext['output'], ticket: Ticket, heading = ''): void {
  output.record(ticket);
  output.say(`${heading}${renderReceipt(ticket, output.render)}`);
}
