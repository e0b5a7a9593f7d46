import { strict as assert } from 'node:assert';
import { renderContext } from '../../../../driver/render/colors.ts';
import { renderRunSummary } from '../../../../driver/render/summary-table.ts';
import { aTicket } from '../builders.ts';

describe('renderRunSummary', () => {
  it('tabulates each service with totals', () => {
    const text = renderRunSummary(
      [
        { cpId: 'CP1', outcome: { kind: 'completed', ticket: aTicket({ kWh: 1.2, amount: 0.42 }) } },
        { cpId: 'CP9', outcome: { kind: 'denied', cpId: 'CP9', reason: 'unknown CP CP9' } },
        { cpId: 'CP2', outcome: { kind: 'ended-early', ticket: aTicket({ cpId: 'CP2', reason: 'fault', kWh: 0.8, amount: 0.28 }) } },
        { cpId: 'CP3', outcome: { kind: 'no-answer', cpId: 'CP3', waitingFor: 'an answer to the charge request' } },
        { cpId: 'CP4', outcome: { kind: 'skipped' } },
      ],
      renderContext(false),
    );
    assert.equal(
      text,
      [
        'CP   RESULT     ENERGY     AMOUNT  NOTE',
        'CP1  completed  1.200 kWh  €0.42   car unplugged',
        'CP9  denied     -          -       unknown CP CP9',
        'CP2  fault      0.800 kWh  €0.28   the CP reported a fault',
        'CP3  no answer  -          -       waited for an answer to the charge request',
        'CP4  skipped    -          -       run interrupted',
        '1 of 5 completed · 2.000 kWh · €0.70',
      ].join('\n'),
    );
  });
});
