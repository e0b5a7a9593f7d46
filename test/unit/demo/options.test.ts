import assert from 'node:assert/strict';
import { parseSeconds, parseWhole } from '../../../demo/options.ts';
import { UsageError } from '../../../protocol/index.ts';

describe('demo/options: flag values', () => {
  it('takes whole numbers within bounds and names the flag otherwise', () => {
    assert.equal(parseWhole('3', '--cps', 1, 9), 3);
    assert.equal(parseWhole(' 9 ', '--cps', 1, 9), 9);
    for (const bad of ['0', '10', '2.5', '-1', 'three', '']) {
      assert.throws(() => parseWhole(bad, '--cps', 1, 9), (error: unknown) => error instanceof UsageError && /--cps takes a whole number from 1 to 9/.test(error.message));
    }
  });

  it('takes seconds above 0, fractions included', () => {
    assert.equal(parseSeconds('20', '--duration'), 20);
    assert.equal(parseSeconds('0.5', '--charge-s'), 0.5);
    for (const bad of ['0', '-3', 'soon', '', 'Infinity']) {
      assert.throws(() => parseSeconds(bad, '--duration'), (error: unknown) => error instanceof UsageError && /--duration takes a number of seconds above 0/.test(error.message));
    }
  });
});
