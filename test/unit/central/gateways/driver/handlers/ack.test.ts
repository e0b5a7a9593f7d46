import assert from 'node:assert/strict';
import type { DriverRequest } from '../../../../../../protocol/index.ts';

type AckRequest = Extract<DriverRequest, { type: 'ack' }>;
import { aCore, ofKind, trace, T0 } from '../../../builders.ts';

function anAck(driverId: string, sessionId: string, id = `ack-${sessionId}`): AckRequest {
  return { type: 'ack', id, ts: T0, driverId, sessionId };
}

describe('central/gateways/driver/handlers/ack (DESIGN §4.5)', () => {
  it("releases the driver's held ticket", () => {
    const { core } = aCore();
    const effects = core.driverRequest(anAck('D1', 'S1'));
    assert.deepEqual(ofKind(effects, 'release-ticket'), [{ kind: 'release-ticket', driverId: 'D1', sessionId: 'S1' }]);
  });

  it("cannot release another driver's ticket: denied on the channel it came from", () => {
    const { core } = aCore();
    const effects = core.driverRequest(anAck('D1', 'S1'), 'D2');
    assert.deepEqual(trace(effects), ['send-driver:denied']);
    assert.equal(ofKind(effects, 'release-ticket').length, 0);
  });

  it('a redelivered ack is ignored', () => {
    const { core } = aCore();
    const ack = anAck('D1', 'S1');
    core.driverRequest(ack);
    assert.deepEqual(trace(core.driverRequest(ack)), []);
  });
});
