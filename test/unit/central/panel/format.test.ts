import assert from 'node:assert/strict';
import { fit, formatClock, formatDuration } from '../../../../central/panel/format.ts';

describe('central/panel format', () => {
  it('fits text to a width, padding or cutting with an ellipsis', () => {
    assert.equal(fit('abc', 5), 'abc  ');
    assert.equal(fit('abc', 5, 'right'), '  abc');
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('€1.14', 6, 'right'), ' €1.14');
    assert.equal(fit('abc', 1), '…');
    assert.equal(fit('abc', 0), '');
  });

  it('formats uptimes', () => {
    assert.equal(formatDuration(42_000), '42s');
    assert.equal(formatDuration(725_000), '12m 05s');
    assert.equal(formatDuration(3 * 3_600_000 + 7 * 60_000), '3h 07m');
    assert.equal(formatDuration(2 * 86_400_000 + 4 * 3_600_000), '2d 04h');
    assert.equal(formatDuration(-5), '0s');
  });

  it('formats clock times in a given zone', () => {
    assert.equal(formatClock(1_700_000_000_000, 'UTC'), '22:13:20');
    assert.equal(formatClock(1_700_000_000_000, 'Europe/Madrid'), '23:13:20');
  });
});
