import assert from 'node:assert/strict';
import { blockDriver, provisionDriver, revokeRefusal } from '../../../../central/core/index.ts';
import { aCore, aListCps, aSnapshot, charging, connect, driverMessages, ofKind, reserve, T0 } from '../builders.ts';
import { makeMessage, type DriverRequest } from '../../../../protocol/index.ts';

describe('central/core drivers: revoke and provision (issue 14)', () => {
  it('a driver with a session (reserved or charging) may not be revoked: the refusal names the session and CP', () => {
    const { core } = aCore();
    connect(core);
    const sessionId = reserve(core);
    assert.deepEqual(revokeRefusal(core.core, 'D1'), { sessionId, cpId: 'CP1' });
    assert.equal(revokeRefusal(core.core, 'D2'), undefined);
    const { core: other } = aCore();
    const charged = charging(other);
    assert.deepEqual(revokeRefusal(other.core, 'D1'), { sessionId: charged, cpId: 'CP1' });
  });

  it('a blocked driver is persisted blocked; every request but an ack is denied with the reason', () => {
    const { core } = aCore();
    blockDriver(core.core, 'D7');
    const effects = core.core.takeEffects();
    assert.deepEqual(ofKind(effects, 'persist-driver').map((e) => e.driver), [{ id: 'D7', blocked: true, firstSeenMs: T0 }]);
    assert.match(ofKind(effects, 'log')[0]!.message, /D7: token revoked/);
    const [denied] = driverMessages(core.driverRequest(aListCps('D7')), 'D7', 'denied');
    assert.match(denied!.reason, /blocked \(its token was revoked\)/);
    const ack = makeMessage<DriverRequest>('ack', { driverId: 'D7', sessionId: 'S1' } as never);
    assert.deepEqual(driverMessages(core.driverRequest(ack), 'D7', 'denied'), [], 'an ack still gets through');
    blockDriver(core.core, 'D7');
    assert.deepEqual(core.core.takeEffects(), [], 'blocking again changes nothing');
  });

  it('provisioning unblocks a revoked driver, keeping when it was first seen, and says who gave the token; a known driver in good standing is left alone', () => {
    const { core, clock } = aCore();
    core.restore(aSnapshot({ drivers: [{ id: 'D1', blocked: true, firstSeenMs: 5 }] }));
    clock.advance(1000);
    provisionDriver(core.core, 'D1', 'the operator');
    const effects = core.core.takeEffects();
    assert.match(ofKind(effects, 'log')[0]!.message, /D1 has a new token from the operator and may charge again/);
    assert.deepEqual(ofKind(effects, 'persist-driver').map((e) => e.driver), [{ id: 'D1', blocked: false, firstSeenMs: 5 }]);
    assert.equal(driverMessages(core.driverRequest(aListCps('D1')), 'D1', 'cps').length, 1);
    provisionDriver(core.core, 'D1', 'the operator');
    assert.deepEqual(ofKind(core.core.takeEffects(), 'persist-driver'), [], 'a driver in good standing stays as it is');
    provisionDriver(core.core, 'D2', 'evc central add-driver');
    assert.match(ofKind(core.core.takeEffects(), 'log')[0]!.message, /D2 added by evc central add-driver/);
    assert.deepEqual(
      core.core.driverViews().map((view) => [view.id, view.blocked]),
      [
        ['D1', false],
        ['D2', false],
      ],
    );
  });
});
