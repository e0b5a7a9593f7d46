import { strict as assert } from 'node:assert';
import { renderContext } from '../../../../driver/render/colors.ts';
import { cell, renderTable } from '../../../../driver/render/table.ts';

describe('driver/render/table', () => {
  it('left-aligns columns two spaces apart, sized to the widest cell, with no trailing spaces', () => {
    const { colors } = renderContext(false);
    const lines = renderTable(['CP', 'LOCATION', 'STATE'], [[cell('CP1'), cell('Car park'), cell('AVAILABLE')], [cell('CP10'), cell('Lab'), cell('')]], colors);
    assert.deepEqual(lines, ['CP    LOCATION  STATE', 'CP1   Car park  AVAILABLE', 'CP10  Lab']);
  });

  it('applies a cell’s colour after padding, and dims the header', () => {
    const { colors } = renderContext(true);
    const [header, row] = renderTable(['A', 'B'], [[cell('x', colors.red), cell('y')]], colors);
    assert.equal(header, `${colors.dim('A')}  ${colors.dim('B')}`);
    assert.equal(row, `${colors.red('x')}  y`);
    assert.deepEqual(cell('t'), { text: 't' });
  });
});
