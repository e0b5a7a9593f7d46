import assert from 'node:assert/strict';
import { aCore, aSessionEnded, aTelemetry, charging, connect, driverMessages, ofKind, reserve, trace } from '../../../builders.ts';

describe('central/gateways/device/handlers/telemetry (DESIGN §4.4)', () => {
  it('sends progress {kW, kWh, amount} on every telemetry tick and shows live figures', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    const first = core.deviceTelemetry('CP1', aTelemetry(sessionId, 7.4, 0.002));
    const second = core.deviceTelemetry('CP1', aTelemetry(sessionId, 7.2, 1.5));
    const progress = [...driverMessages(first, 'D1', 'progress'), ...driverMessages(second, 'D1', 'progress')];
    assert.deepEqual(progress.map((m) => [m.kW, m.kWh, m.amount]), [[7.4, 0.002, 0.002 * 0.4], [7.2, 1.5, 1.5 * 0.4]]);
    assert.equal(ofKind(second, 'cp-updated').length, 1);
    const view = core.cpView('CP1')!;
    assert.deepEqual([view.driverId, view.kW, view.kWh, view.amount], ['D1', 7.2, 1.5, 1.5 * 0.4]);
  });

  it('ignores telemetry for an unknown, reserved, finished or other-CP session, and readings that go back', () => {
    const { core } = aCore();
    connect(core, 'CP2');
    const reserved = reserve(core, 'D2', 'CP2');
    const sessionId = charging(core);
    assert.deepEqual(trace(core.deviceTelemetry('CP1', aTelemetry('nope', 7, 1))), []);
    assert.deepEqual(trace(core.deviceTelemetry('CP2', aTelemetry(reserved, 7, 1))), []);
    assert.deepEqual(trace(core.deviceTelemetry('CP2', aTelemetry(sessionId, 7, 1))), []);
    core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 2));
    assert.deepEqual(trace(core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 1.9))), []);
    core.deviceEvent('CP1', aSessionEnded(sessionId));
    assert.deepEqual(trace(core.deviceTelemetry('CP1', aTelemetry(sessionId, 7, 3))), []);
  });
});
