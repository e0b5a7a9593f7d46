import assert from 'node:assert/strict';
import {
  aCore,
  aCpSnapshot,
  aHealth,
  aHello,
  aSessionEnded,
  aSnapshot,
  aTelemetry,
  charging,
  connect,
  deviceMessages,
  driverMessages,
  ofKind,
  reserve,
  trace,
  T0,
} from '../builders.ts';

describe('central/core operator stop/resume (DESIGN §1, §2)', () => {
  it('stop: ledger first, then the stop flag, the Engine command, STOPPED', () => {
    const { core } = aCore();
    connect(core);
    const effects = core.stopCp('CP1', 'maintenance');
    assert.deepEqual(trace(effects).slice(0, 3), ['ledger-append', 'persist-cp', 'send-device:stop']);
    assert.deepEqual(ofKind(effects, 'ledger-append')[0]!.line, { kind: 'operator', action: 'stop', cpId: 'CP1', atMs: T0, scope: 'one', reason: 'maintenance' });
    assert.equal(ofKind(effects, 'persist-cp')[0]!.cp.operatorStopped, true);
    assert.equal(deviceMessages(effects, 'CP1', 'stop')[0]!.reason, 'maintenance');
    assert.equal(core.cpView('CP1')?.state, 'STOPPED');
  });

  it('stop during a supply: driver sees STOPPED, ticket `stopped` with the Engine kWh', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    const effects = core.stopCp('CP1');
    assert.deepEqual(driverMessages(effects, 'D1', 'cp-state').map((m) => m.state), ['STOPPED']);
    const [ticket] = driverMessages(core.deviceEvent('CP1', aSessionEnded(sessionId, { reason: 'stopped', kWh: 0.9 })), 'D1', 'ticket');
    assert.deepEqual([ticket!.reason, ticket!.kWh], ['stopped', 0.9]);
    assert.equal(core.cpView('CP1')?.state, 'STOPPED');
  });

  it('stop during a supply on a silent Engine: ticket `stopped` at the report deadline', () => {
    const { core, clock } = aCore({ heartbeatMs: 60_000 });
    const sessionId = charging(core);
    core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1.1));
    core.stopCp('CP1');
    clock.advance(3_000);
    const [ticket] = driverMessages(core.tick(), 'D1', 'ticket');
    assert.deepEqual([ticket!.reason, ticket!.kWh], ['stopped', 1.1]);
  });

  it('stop while reserved ends the reservation at once', () => {
    const { core } = aCore();
    connect(core);
    const sessionId = reserve(core);
    const effects = core.stopCp('CP1');
    assert.equal(driverMessages(effects, 'D1', 'ticket')[0]!.reason, 'stopped');
    assert.deepEqual(deviceMessages(effects, 'CP1', 'cancel').map((m) => m.sessionId), [sessionId]);
  });

  it('stop all / resume all act on every CP with scope `all`', () => {
    const { core } = aCore();
    core.restore(aSnapshot({ cps: [aCpSnapshot(), aCpSnapshot({ id: 'CP2' })] }));
    connect(core, 'CP1');
    connect(core, 'CP2');
    const stopped = core.stopAll();
    assert.deepEqual(ofKind(stopped, 'ledger-append').map((e) => [e.line.cpId, e.line.scope]), [['CP1', 'all'], ['CP2', 'all']]);
    assert.deepEqual(core.cpViews().map((v) => v.state), ['STOPPED', 'STOPPED']);
    const resumed = core.resumeAll();
    assert.equal(ofKind(resumed, 'send-device').filter((e) => e.message.type === 'resume').length, 2);
    assert.deepEqual(core.cpViews().map((v) => v.state), ['AVAILABLE', 'AVAILABLE']);
  });

  it('resume: ledger, flag cleared, Engine told, AVAILABLE', () => {
    const { core } = aCore();
    connect(core);
    core.stopCp('CP1');
    const effects = core.resumeCp('CP1');
    assert.deepEqual(trace(effects).slice(0, 3), ['ledger-append', 'persist-cp', 'send-device:resume']);
    assert.equal(ofKind(effects, 'ledger-append')[0]!.line.action, 'resume');
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
  });

  it('resume while FAULTED stays FAULTED until healthy, then AVAILABLE (not STOPPED)', () => {
    const { core } = aCore();
    connect(core);
    core.stopCp('CP1');
    core.monitorHealth('link-CP1', aHealth('CP1', 'ko'));
    core.resumeCp('CP1');
    assert.equal(core.cpView('CP1')?.state, 'FAULTED');
    core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
  });

  it('stop while FAULTED shows once the fault clears', () => {
    const { core } = aCore();
    connect(core);
    core.monitorHealth('link-CP1', aHealth('CP1', 'ko'));
    core.stopCp('CP1');
    assert.equal(core.cpView('CP1')?.state, 'FAULTED');
    core.monitorHealth('link-CP1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'STOPPED');
  });

  it('stop while DISCONNECTED is queued for the Engine and shows on reconnect', () => {
    const { core } = aCore();
    core.restore(aSnapshot());
    assert.equal(deviceMessages(core.stopCp('CP1'), 'CP1', 'stop').length, 1);
    core.monitorHello('L1', aHello(), 'match');
    core.deviceOnline('CP1', true);
    core.monitorHealth('L1', aHealth('CP1', 'ok'));
    assert.equal(core.cpView('CP1')?.state, 'STOPPED');
  });

  it('a stop survives a restart', () => {
    const first = aCore();
    connect(first.core);
    first.core.stopCp('CP1');
    const second = aCore();
    second.core.restore(first.core.snapshot());
    connect(second.core);
    assert.equal(second.core.cpView('CP1')?.state, 'STOPPED');
  });

  it('an unknown CP changes nothing and says so', () => {
    const { core } = aCore();
    assert.equal(core.hasCp('CP9'), false);
    assert.deepEqual(trace(core.stopCp('CP9')), []);
    assert.ok(ofKind(core.resumeCp('CP9'), 'log').some((e) => /unknown CP CP9/.test(e.message)));
  });
});

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
