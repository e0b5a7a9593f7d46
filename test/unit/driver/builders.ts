// Data builders for the driver's tests (CitrineOS style: aThing(overrides)).
import type { Accepted, Authorized, CpSummary, Denied, Progress, Ticket } from '../../../protocol/index.ts';

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

let counter = 0;
const nextId = (): string => `evt-${++counter}`;

export function anAccepted(overrides: Partial<Accepted> = {}): Accepted {
  return { type: 'accepted', id: nextId(), ts: T0, re: 'req-1', sessionId: 'S1', ...overrides };
}

export function aDenied(overrides: Partial<Denied> = {}): Denied {
  return { type: 'denied', id: nextId(), ts: T0, re: 'req-1', reason: 'CP1 is CHARGING, not AVAILABLE', ...overrides };
}

export function anAuthorized(overrides: Partial<Authorized> = {}): Authorized {
  return { type: 'authorized', id: nextId(), ts: T0, sessionId: 'S1', cpId: 'CP1', plugInBy: T0 + 60_000, ...overrides };
}

export function aProgress(overrides: Partial<Progress> = {}): Progress {
  return { type: 'progress', id: nextId(), ts: T0, sessionId: 'S1', kW: 7.4, kWh: 1.2345, amount: 0.432, ...overrides };
}

export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    type: 'ticket',
    id: nextId(),
    ts: T0,
    sessionId: 'S1',
    cpId: 'CP1',
    driverId: 'D1',
    startedAt: T0,
    endedAt: T0 + 30 * 60_000,
    durationS: 1800,
    kWh: 3.7,
    pricePerKwh: 0.35,
    amount: 1.295,
    currency: 'EUR',
    reason: 'unplugged',
    location: 'Lab 1',
    ...overrides,
  };
}

export function aCpSummary(overrides: Partial<CpSummary> = {}): CpSummary {
  return { id: 'CP1', state: 'AVAILABLE', location: 'Lab 1', pricePerKwh: 0.35, ...overrides };
}
