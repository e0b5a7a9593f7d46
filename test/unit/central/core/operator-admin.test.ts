import assert from 'node:assert/strict';
import { aCore, aTelemetry, charging, connect, deviceMessages, driverMessages, ofKind, trace, T0 } from '../builders.ts';

describe('central/core operator remove and reset-secret (issue 14)', () => {
  it('remove during a supply: ledger first, the session ends `stopped` with the last telemetry, the link closes, the CP is gone', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1.2));
    const effects = core.removeCp('CP1');
    assert.equal(trace(effects)[0], 'ledger-append');
    assert.deepEqual(ofKind(effects, 'ledger-append')[0]!.line, { kind: 'operator', action: 'remove', cpId: 'CP1', atMs: T0, scope: 'one' });
    const [ticket] = driverMessages(effects, 'D1', 'ticket');
    assert.deepEqual([ticket!.reason, ticket!.kWh], ['stopped', 1.2]);
    assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => m.sessionId), [sessionId]);
    assert.equal(deviceMessages(effects, 'CP1', 'stop').length, 1);
    assert.equal(ofKind(effects, 'close-monitor-link').length, 1);
    assert.deepEqual(ofKind(effects, 'remove-cp').map((e) => e.cpId), ['CP1']);
    assert.equal(core.hasCp('CP1'), false);
    assert.deepEqual(core.cpViews(), []);
  });

  it('remove of an unknown CP changes nothing', () => {
    const { core } = aCore();
    connect(core);
    assert.deepEqual(trace(core.removeCp('CP9')), []);
    assert.equal(core.hasCp('CP1'), true);
  });

  it('reset-secret: ledger, the new secret to the store, the old link closed: DISCONNECTED', () => {
    const { core } = aCore();
    connect(core);
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    const effects = core.resetSecret('CP1', 'new-secret');
    assert.deepEqual(trace(effects).slice(0, 2), ['ledger-append', 'register-cp']);
    assert.equal(ofKind(effects, 'register-cp')[0]!.secret, 'new-secret');
    assert.equal(ofKind(effects, 'register-cp')[0]!.cp.id, 'CP1');
    assert.equal(ofKind(effects, 'close-monitor-link').length, 1);
    assert.equal(core.cpView('CP1')?.state, 'DISCONNECTED');
  });
});

describe('central/core driverViews (issue 14)', () => {
  it('lists each driver once, with the CP it charges at while a session is active', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    assert.deepEqual(core.core.driverViews().map((d) => [d.id, d.sessionId, d.cpId]), [['D1', sessionId, 'CP1']]);
    core.removeCp('CP1');
    assert.deepEqual(core.core.driverViews().map((d) => [d.id, d.sessionId ?? null]), [['D1', null]]);
  });
});
