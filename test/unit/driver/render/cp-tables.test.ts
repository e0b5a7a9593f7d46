import { strict as assert } from 'node:assert';
import { renderContext } from '../../../../driver/render/colors.ts';
import { renderCpList, renderCpStatus } from '../../../../driver/render/cp-tables.ts';
import { aCpSummary } from '../builders.ts';

const plain = renderContext(false);

describe('driver CP tables', () => {
  it('lists CPs sorted by id with state, price, power and location', () => {
    const text = renderCpList(
      [
        aCpSummary({ id: 'CP2', state: 'CHARGING', pricePerKwh: 0.4, location: 'Lab 2', maxPowerKw: 22 }),
        aCpSummary({ id: 'CP1' }),
        aCpSummary({ id: 'CP10', state: 'FAULTED', pricePerKwh: 0.299, location: 'Car park' }),
      ],
      plain,
    );
    assert.equal(
      text,
      [
        'CP    STATE      PRICE       POWER  LOCATION',
        'CP1   AVAILABLE  €0.35/kWh          Lab 1',
        'CP10  FAULTED    €0.299/kWh         Car park',
        'CP2   CHARGING   €0.40/kWh   22 kW  Lab 2',
        '1 of 3 available',
      ].join('\n'),
    );
  });

  it('says so when Central knows no CPs', () => {
    assert.equal(renderCpList([], plain), 'Central knows no CPs yet.');
  });

  it('colours a state with its panel colour', () => {
    assert.equal(renderCpStatus('CP1', 'STOPPED', plain), 'CP1 is STOPPED');
    assert.equal(renderCpStatus('CP1', 'FAULTED', renderContext(true)), '\x1b[1mCP1\x1b[22m is \x1b[31mFAULTED\x1b[39m');
  });
});
