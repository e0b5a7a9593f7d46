import assert from 'node:assert/strict';
import { aCore, aStatus, charging, driverMessages } from '../../../builders.ts';

describe('central/gateways/driver/handlers/status (DESIGN §4.5)', () => {
  it('status answers cp-state, or denied for an unknown CP', () => {
    const { core } = aCore();
    charging(core);
    const request = aStatus('D2', 'CP1');
    const [state] = driverMessages(core.driverRequest(request), 'D2', 'cp-state');
    assert.deepEqual([state!.re, state!.cpId, state!.state], [request.id, 'CP1', 'CHARGING']);
    assert.equal(driverMessages(core.driverRequest(aStatus('D2', 'CP9')), 'D2', 'denied')[0]!.reason, 'unknown CP CP9');
  });
});
