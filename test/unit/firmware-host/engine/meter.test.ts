import assert from 'node:assert/strict';
import { Meter } from '../../../../firmware-host/engine/meter.ts';

function aClock(startMs = 1_000) {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

describe('Meter', () => {
  it('integrates kWh = kW × hours over the injected clock', () => {
    const clock = aClock();
    const meter = new Meter({ powerKw: 7.4, now: clock.now });
    meter.start('S1');
    clock.advance(30 * 60_000);
    assert.deepEqual(meter.read(), { sessionId: 'S1', kW: 7.4, kWh: 3.7, durationS: 1800 });
    clock.advance(30 * 60_000);
    const final = meter.stop();
    assert.equal(final?.kW, 0);
    assert.ok(Math.abs(final!.kWh - 7.4) < 1e-9);
    assert.equal(final?.durationS, 3600);
    assert.equal(meter.read(), undefined);
    assert.equal(meter.sessionId, undefined);
  });

  it('defaults to 7.4 kW and restarts from zero for a new session', () => {
    const clock = aClock();
    const meter = new Meter({ now: clock.now });
    meter.start('S1');
    clock.advance(3_600_000);
    meter.stop();
    meter.start('S2');
    clock.advance(1_000);
    const reading = meter.read()!;
    assert.equal(reading.sessionId, 'S2');
    assert.ok(Math.abs(reading.kWh - 7.4 / 3600) < 1e-12);
  });

  it('keeps the energy of each power level when the power changes', () => {
    const clock = aClock();
    const meter = new Meter({ powerKw: 10, now: clock.now });
    meter.start('S1');
    clock.advance(3_600_000);
    meter.setPowerKw(2);
    clock.advance(3_600_000);
    assert.ok(Math.abs(meter.stop()!.kWh - 12) < 1e-9);
  });

  it('never counts a clock that goes backwards', () => {
    const clock = aClock();
    const meter = new Meter({ powerKw: 10, now: clock.now });
    meter.start('S1');
    clock.advance(-5_000);
    assert.equal(meter.read()!.kWh, 0);
  });

  it('refuses a power that is not positive', () => {
    assert.throws(() => new Meter({ powerKw: 0, now: () => 0 }), /powerKw/);
    assert.throws(() => new Meter({ powerKw: Number.NaN, now: () => 0 }), /powerKw/);
  });
});
