import assert from 'node:assert/strict';
import { fit, textWidth } from '../../../../central/panel/format.ts';

describe('central/panel format', () => {
  it('fits text to a width, padding or cutting with an ellipsis', () => {
    assert.equal(fit('abc', 5), 'abc  ');
    assert.equal(fit('abc', 5, 'right'), '  abc');
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('€1.14', 6, 'right'), ' €1.14');
    assert.equal(fit('abc', 1), '…');
    assert.equal(fit('abc', 0), '');
  });

  it('measures plain text in code points', () => {
    assert.equal(textWidth('€1.14'), 5);
    assert.equal(textWidth(''), 0);
  });
});
