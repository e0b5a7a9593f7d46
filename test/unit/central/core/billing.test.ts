import assert from 'node:assert/strict';
import { amountFor, formatAmount } from '../../../../central/core/index.ts';
import { ticketFor } from '../../../../central/core/billing.ts';
import type { SessionRecord } from '../../../../central/core/model.ts';
import { T0 } from '../builders.ts';

function aSessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'S1', cpId: 'CP1', driverId: 'D1', requestId: 'r1', status: 'charging',
    authorizedAt: T0, expiresAt: T0 + 60_000, startedAt: T0 + 10_000,
    pricePerKwh: 0.37, currency: 'EUR', kW: 7, kWh: 1, ...overrides,
  };
}

describe('central/core billing', () => {
  it('amount is kWh × price with no rounding in data (DESIGN §4.5)', () => {
    assert.equal(amountFor(3.3333, 0.37), 3.3333 * 0.37);
    assert.notEqual(amountFor(3.3333, 0.37), Math.round(3.3333 * 0.37 * 100) / 100);
    assert.equal(amountFor(0, 0.5), 0);
  });

  it('formatAmount rounds to cents for display only', () => {
    assert.equal(formatAmount(2.5891), '€2.59');
    assert.equal(formatAmount(0), '€0.00');
    assert.equal(formatAmount(1234.005), '€1,234.01');
    assert.match(formatAmount(2.5, 'USD'), /^US\$2\.50$|^\$2\.50$/);
  });

  it('a ticket uses the price captured at authorization and the given energy', () => {
    const ticket = ticketFor(aSessionRecord(), { endedAt: T0 + 70_000, reason: 'unplugged', energyKwh: 2.5, location: 'Lab 1' });
    assert.deepEqual(ticket, {
      sessionId: 'S1', cpId: 'CP1', driverId: 'D1', startedAt: T0 + 10_000, endedAt: T0 + 70_000, durationS: 60,
      kWh: 2.5, pricePerKwh: 0.37, amount: 2.5 * 0.37, currency: 'EUR', reason: 'unplugged', location: 'Lab 1',
    });
  });

  it("a ticket takes the Engine's duration when it gave one", () => {
    const ticket = ticketFor(aSessionRecord(), { endedAt: T0 + 70_000, reason: 'unplugged', energyKwh: 1, durationS: 58.2 });
    assert.equal(ticket.durationS, 58.2);
  });

  it('a session that never started lasts 0 s from its authorization', () => {
    const { startedAt: _unused, ...reserved } = aSessionRecord({ status: 'reserved' });
    const ticket = ticketFor(reserved, { endedAt: T0 + 60_000, reason: 'expired', energyKwh: 0 });
    assert.equal(ticket.startedAt, T0);
    assert.equal(ticket.durationS, 0);
    assert.equal(ticket.amount, 0);
  });

  it('an end stamped before the start (clock skew) is clamped to the start', () => {
    const ticket = ticketFor(aSessionRecord(), { endedAt: T0, reason: 'unplugged', energyKwh: 0 });
    assert.equal(ticket.endedAt, T0 + 10_000);
    assert.equal(ticket.durationS, 0);
  });
});
