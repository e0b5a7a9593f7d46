import { strict as assert } from 'node:assert';
import { renderContext } from '../../../../driver/render/colors.ts';
import { renderReceipt } from '../../../../driver/render/receipt.ts';
import { aTicket } from '../builders.ts';

const plain = renderContext(false, 'UTC');

describe('renderReceipt', () => {
  it('lists every figure of the ticket', () => {
    assert.equal(
      renderReceipt(aTicket(), plain),
      [
        'Receipt  CP1 · Lab 1',
        '  Session    S1',
        '  Start      2024-05-01 12:00:00',
        '  End        2024-05-01 12:30:00',
        '  Duration   30:00',
        '  Energy     3.700 kWh',
        '  Price      €0.35 / kWh',
        '  Total      €1.30',
        '  Ended      car unplugged',
      ].join('\n'),
    );
  });

  it('says why a session ended early and copes without a location', () => {
    const text = renderReceipt(aTicket({ reason: 'fault', location: undefined, kWh: 0.5, amount: 0.175 }), plain);
    assert.match(text, /^Receipt {2}CP1\n/);
    assert.match(text, /\n {2}Ended {6}the CP reported a fault$/);
    assert.match(text, /Total {6}€0\.18/);
  });

  it('colours the total and the ending when colours are on', () => {
    const text = renderReceipt(aTicket(), renderContext(true, 'UTC'));
    assert.match(text, /\x1b\[1m€1\.30\x1b\[22m/);
    assert.match(text, /\x1b\[32mcar unplugged\x1b\[39m/);
  });
});
