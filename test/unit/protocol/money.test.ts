import assert from 'node:assert/strict';
import { formatMoney, roundToCents } from '../../../protocol/index.ts';
import { formatAmount } from '../../../central/core/index.ts';
import { formatMoney as driverFormatMoney } from '../../../driver/render/format.ts';

describe('protocol/money', function () {
  it('rounds half-up on the decimal value, not the binary double', function () {
    // 1.005 is 1.00499999… as a double: a naive Math.round(x * 100) gives 1.00.
    assert.equal(Math.round(1.005 * 100) / 100, 1);
    assert.equal(roundToCents(1.005), 1.01);
    assert.equal(roundToCents(3.7 * 0.35), 1.3);
    assert.equal(roundToCents(0.004999), 0);
    assert.equal(roundToCents(2.345), 2.35);
  });

  it('groups thousands and places the symbol', function () {
    assert.equal(formatMoney(1234.005), '€1,234.01');
    assert.equal(formatMoney(2.5, 'GBP'), '£2.50');
    assert.equal(formatMoney(2.5, 'CHF'), '2.50 CHF');
  });

  it('is the rule both Central and the driver display', function () {
    for (const amount of [1.005, 3.7 * 0.35, 0.1 + 0.2, 1234.005, 0]) {
      assert.equal(formatAmount(amount), driverFormatMoney(amount));
    }
  });
});
