import type { Ticket } from '../../protocol/index.ts';
import { END_REASON_TEXT, outcomeOfTicket } from '../core/outcome.ts';
import type { RenderContext } from './colors.ts';
import { formatDurationSeconds } from '../../protocol/display.ts';
import { formatDateTime, formatEnergy, formatMoney, formatUnitPrice } from './format.ts';

/** The ticket as the driver's receipt (DESIGN §4.5): one labelled line per figure. */
export function renderReceipt(ticket: Ticket, { colors, timeZone }: RenderContext): string {
  const where = ticket.location === undefined ? ticket.cpId : `${ticket.cpId} · ${ticket.location}`;
  const completed = outcomeOfTicket(ticket).kind === 'completed';
  const rows: Array<[string, string]> = [
    ['Session', ticket.sessionId],
    ['Start', formatDateTime(ticket.startedAt, timeZone)],
    ['End', formatDateTime(ticket.endedAt, timeZone)],
    ['Duration', formatDurationSeconds(ticket.durationS)],
    ['Energy', formatEnergy(ticket.kWh)],
    // Issue 9: Central billed its last plausible reading, not the CP's claim.
    ...(ticket.claimedKwh === undefined ? [] : [['Adjusted', colors.yellow(`CP claimed ${formatEnergy(ticket.claimedKwh)}, more than it could deliver; billed Central's last plausible reading`)] as [string, string]]),
    ['Price', `${formatUnitPrice(ticket.pricePerKwh, ticket.currency)} / kWh`],
    ['Total', colors.bold(formatMoney(ticket.amount, ticket.currency))],
    ['Ended', (completed ? colors.green : colors.red)(END_REASON_TEXT[ticket.reason])],
  ];
  return [colors.bold(`Receipt  ${where}`), ...rows.map(([label, value]) => `  ${label.padEnd(10)} ${value}`)].join('\n');
}
