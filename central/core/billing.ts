import { formatMoney, type SessionEndReason } from '../../protocol/index.ts';
import type { SessionRecord, TicketFields } from './model.ts';

export const DEFAULT_CURRENCY = 'EUR';

/** DESIGN §4.5: amount = kWh × the CP's price, never rounded in data. */
export function amountFor(energyKwh: number, pricePerKwh: number): number {
  return energyKwh * pricePerKwh;
}

/** Rounds to cents for display only (DESIGN §4.5), e.g. `€2.59`; the same rule as the driver's receipt. */
export function formatAmount(amount: number, currency = DEFAULT_CURRENCY): string {
  return formatMoney(amount, currency);
}

export interface TicketInput {
  endedAt: number;
  reason: SessionEndReason;
  /** The Engine's figures when it reported the end; otherwise the last telemetry. */
  energyKwh: number;
  durationS?: number;
  location?: string;
}

/** The ticket of a finished session (DESIGN §4.5), priced at the price captured when it was authorized. */
export function ticketFor(session: SessionRecord, input: TicketInput): TicketFields {
  const startedAt = session.startedAt ?? session.authorizedAt;
  const durationS = input.durationS ?? (session.startedAt === undefined ? 0 : Math.max(0, (input.endedAt - session.startedAt) / 1000));
  const ticket: TicketFields = {
    sessionId: session.id,
    cpId: session.cpId,
    driverId: session.driverId,
    startedAt,
    endedAt: Math.max(input.endedAt, startedAt),
    durationS,
    kWh: input.energyKwh,
    pricePerKwh: session.pricePerKwh,
    amount: amountFor(input.energyKwh, session.pricePerKwh),
    currency: session.currency,
    reason: input.reason,
  };
  if (input.location !== undefined) ticket.location = input.location;
  return ticket;
}
