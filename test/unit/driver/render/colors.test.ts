import { strict as assert } from 'node:assert';
import { renderContext } from '../../../../driver/render/colors.ts';

describe('driver/render/colors renderContext', () => {
  it('paints only when colours are on, and carries the time zone when given', () => {
    const off = renderContext(false);
    assert.equal(off.colors.bold('x'), 'x');
    assert.equal('timeZone' in off, false);
    const on = renderContext(true, 'Europe/Madrid');
    assert.equal(on.colors.bold('x'), '\x1b[1mx\x1b[22m');
    assert.equal(on.timeZone, 'Europe/Madrid');
  });
});
