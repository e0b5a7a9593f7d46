import { END_REASON_TEXT, type ChargeOutcome } from '../core/outcome.ts';
import type { RenderContext } from './colors.ts';
import { formatEnergy, formatMoney } from './format.ts';
import { cell, renderTable, type Cell } from './table.ts';

/** One line of a `run`: the CP and how its service came out (`skipped` after an interrupt). */
export interface ServiceResult {
  cpId: string;
  outcome: ChargeOutcome | { kind: 'skipped' };
}

/** The table printed at the end of `evc driver run`, with totals. */
export function renderRunSummary(results: ServiceResult[], { colors }: RenderContext): string {
  const currency = results.map(ticketOf).find((ticket) => ticket !== undefined)?.currency ?? 'EUR';
  const rows = results.map((result): Cell[] => {
    const ticket = ticketOf(result);
    const [label, note] = describe(result);
    const style = result.outcome.kind === 'completed' ? colors.green : result.outcome.kind === 'skipped' ? colors.dim : colors.red;
    return [
      cell(result.cpId, colors.bold),
      cell(label, style),
      cell(ticket ? formatEnergy(ticket.kWh) : '-'),
      cell(ticket ? formatMoney(ticket.amount, ticket.currency) : '-'),
      cell(note),
    ];
  });
  const completed = results.filter((result) => result.outcome.kind === 'completed').length;
  const energyKwh = results.reduce((sum, result) => sum + (ticketOf(result)?.kWh ?? 0), 0);
  const amount = results.reduce((sum, result) => sum + (ticketOf(result)?.amount ?? 0), 0);
  const total = `${completed} of ${results.length} completed · ${formatEnergy(energyKwh)} · ${formatMoney(amount, currency)}`;
  return [...renderTable(['CP', 'RESULT', 'ENERGY', 'AMOUNT', 'NOTE'], rows, colors), colors.bold(total)].join('\n');
}

function ticketOf(result: ServiceResult) {
  const outcome = result.outcome;
  return outcome.kind === 'completed' || outcome.kind === 'ended-early' ? outcome.ticket : undefined;
}

function describe({ outcome }: ServiceResult): [label: string, note: string] {
  switch (outcome.kind) {
    case 'completed': return ['completed', END_REASON_TEXT[outcome.ticket.reason]];
    case 'ended-early': return [outcome.ticket.reason, END_REASON_TEXT[outcome.ticket.reason]];
    case 'denied': return ['denied', outcome.reason];
    case 'stop-refused': return ['stop refused', outcome.reason];
    case 'detached': return ['detached', `session ${outcome.sessionId} goes on`];
    case 'no-answer': return ['no answer', `waited for ${outcome.waitingFor}`];
    case 'skipped': return ['skipped', 'run interrupted'];
  }
}
