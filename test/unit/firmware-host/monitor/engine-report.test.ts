import assert from 'node:assert/strict';
import { isVerdictChange } from '../../../../firmware-host/monitor/engine-report.ts';

describe('firmware-host/monitor engine-report (DESIGN §4.2 health on every change)', () => {
  it('the first verdict and a new verdict are changes; a new detail or state alone is not', () => {
    assert.equal(isVerdictChange(undefined, { engine: 'ok' }), true);
    assert.equal(isVerdictChange({ engine: 'ok' }, { engine: 'ko' }), true);
    assert.equal(isVerdictChange({ engine: 'unreachable', detail: 'refused' }, { engine: 'unreachable', detail: 'no pong within 1000 ms' }), false);
    assert.equal(isVerdictChange({ engine: 'ok', state: 'AVAILABLE' }, { engine: 'ok', state: 'CHARGING' }), false);
  });
});
