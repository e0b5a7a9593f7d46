import { strict as assert } from 'node:assert';
import {
  formatDateTime,
  formatEnergy,
  formatMoney,
  formatPower,
  formatUnitPrice,
} from '../../../../driver/render/format.ts';
import { T0 } from '../builders.ts';

describe('driver/render/format', () => {
  it('rounds money to cents only for display', () => {
    assert.equal(formatMoney(1.295), '€1.30');
    assert.equal(formatMoney(0), '€0.00');
    assert.equal(formatMoney(2.5, 'CHF'), '2.50 CHF');
    assert.equal(formatMoney(2.5, 'USD'), '$2.50');
  });

  it('keeps up to four decimals of a unit price', () => {
    assert.equal(formatUnitPrice(0.35), '€0.35');
    assert.equal(formatUnitPrice(0.299), '€0.299');
    assert.equal(formatUnitPrice(0.3), '€0.30');
    assert.equal(formatUnitPrice(0.12345), '€0.1235');
  });

  it('formats energy and power', () => {
    assert.equal(formatEnergy(1.2345), '1.234 kWh');
    assert.equal(formatPower(7.36), '7.4 kW');
  });

  it('shows date and time in the given zone', () => {
    assert.equal(formatDateTime(T0 + 5_000, 'UTC'), '2024-05-01 12:00:05');
    assert.equal(formatDateTime(T0, 'Europe/Madrid'), '2024-05-01 14:00:00');
  });
});
