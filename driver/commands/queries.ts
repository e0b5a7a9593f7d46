import { randomUUID } from 'node:crypto';
import { EvcError, type CpStateEvent, type Cps, type DriverEvent } from '../../protocol/index.ts';
import { renderCpList, renderCpStatus } from '../render/cp-tables.ts';
import type { CommandContext } from '../runner/context.ts';
import { silenceHint } from './results.ts';

type Answer<T extends DriverEvent['type']> = Extract<DriverEvent, { type: T }>;

/** Sends one request and waits for the event answering it (`re`) or its denial. */
async function ask<T extends 'cps' | 'cp-state'>(
  context: CommandContext,
  expected: T,
  send: (requestId: string) => Promise<unknown>,
  what: string,
): Promise<Answer<T>> {
  const { inbox, io, options, output } = context;
  const requestId = randomUUID();
  const deadlineMs = io.clock.now() + options.answerTimeoutMs;
  await send(requestId);
  for (;;) {
    const item = await inbox.next(io.clock, deadlineMs - io.clock.now());
    if (item.kind === 'timeout') {
      throw new EvcError('NO_ANSWER', `Central did not answer the ${what} request within ${options.answerTimeoutMs} ms; ${silenceHint(context.channel.busUrl)}`);
    }
    if (item.kind === 'interrupt') throw new EvcError('INTERRUPTED', `interrupted while waiting for the ${what} answer`);
    const event = item.event;
    if (event.re !== requestId) continue;
    output.record(event);
    if (event.type === 'denied') throw new EvcError('DENIED', `Central refused the ${what} request: ${event.reason}`);
    if (event.type === expected) return event as Answer<T>;
  }
}

/** `evc driver list`: the CPs Central knows, with location, price and state. */
export async function list(context: CommandContext): Promise<number> {
  const answer: Cps = await ask(context, 'cps', (id) => context.channel.request('list-cps', {}, id), 'list-cps');
  context.output.say(renderCpList(answer.list, context.output.render));
  context.output.result({ type: 'result', command: 'list', outcome: 'ok', exitCode: 0, count: answer.list.length });
  return 0;
}

/** `evc driver status CP1`. */
export async function status(context: CommandContext, cpId: string): Promise<number> {
  const answer: CpStateEvent = await ask(context, 'cp-state', (id) => context.channel.request('status', { cpId }, id), 'status');
  context.output.say(renderCpStatus(answer.cpId, answer.state, context.output.render));
  context.output.result({ type: 'result', command: 'status', outcome: 'ok', exitCode: 0, cpId: answer.cpId, state: answer.state });
  return 0;
}
