import assert from 'node:assert/strict';
import { relayClosedIn } from '../../../../hardware/components/relay-rule.ts';
import { ENGINE_STATES } from '../../../../protocol/index.ts';

describe('hardware/components/relay-rule (DESIGN §2)', () => {
  it('the relay is closed in CHARGING and open in every other state', () => {
    for (const state of ENGINE_STATES) assert.equal(relayClosedIn(state), state === 'CHARGING', state);
  });
});
