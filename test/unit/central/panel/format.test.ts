import assert from 'node:assert/strict';
import { fit, formatClock } from '../../../../central/panel/format.ts';

describe('central/panel format', () => {
  it('fits text to a width, padding or cutting with an ellipsis', () => {
    assert.equal(fit('abc', 5), 'abc  ');
    assert.equal(fit('abc', 5, 'right'), '  abc');
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('€1.14', 6, 'right'), ' €1.14');
    assert.equal(fit('abc', 1), '…');
    assert.equal(fit('abc', 0), '');
  });


  it('formats clock times in a given zone', () => {
    assert.equal(formatClock(1_700_000_000_000, 'UTC'), '22:13:20');
    assert.equal(formatClock(1_700_000_000_000, 'Europe/Madrid'), '23:13:20');
  });
});
