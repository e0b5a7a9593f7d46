import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { DeviceEvent, Telemetry } from '../../../../protocol/index.ts';
import { Engine, type EngineOutputs } from '../../../../firmware-host/engine/engine.ts';
import { Meter } from '../../../../firmware-host/engine/meter.ts';
import { LED_PATTERNS, type LedPattern } from '../../../../firmware-host/engine/core/led-patterns.ts';

/** Records what the Engine asked of the board (a unit test of one class: the board is out of scope). */
class RecordingOutputs implements EngineOutputs {
  relayClosed: boolean | undefined;
  leds: LedPattern | undefined;
  setRelay(closed: boolean): void {
    this.relayClosed = closed;
  }
  showLeds(pattern: LedPattern): void {
    this.leds = pattern;
  }
}

function anEngine() {
  let nowMs = 0;
  const outputs = new RecordingOutputs();
  const engine = new Engine({ outputs, meter: new Meter({ powerKw: 7.2, now: () => nowMs }), logger: pino({ level: 'silent' }), wallClock: () => 1_700_000_000_000 });
  const events: DeviceEvent[] = [];
  const telemetry: Telemetry[] = [];
  const health: string[] = [];
  engine.on('event', (event) => events.push(event));
  engine.on('telemetry', (message) => telemetry.push(message));
  engine.on('health', (value) => health.push(value));
  return { engine, outputs, events, telemetry, health, advance: (ms: number) => void (nowMs += ms), now: () => nowMs };
}

describe('Engine', () => {
  it('drives the outputs to AVAILABLE on start and announces the state', () => {
    const { engine, outputs, events } = anEngine();
    engine.start();
    assert.equal(outputs.relayClosed, false);
    assert.deepEqual(outputs.leds, LED_PATTERNS.AVAILABLE);
    assert.deepEqual(events.map((event) => event.type === 'state' && event.state), ['AVAILABLE']);
  });

  it('runs a session: reserved, plugged, telemetry, unplugged with kWh = kW × time', () => {
    const { engine, outputs, events, telemetry, advance, now } = anEngine();
    engine.start();
    engine.dispatch({ type: 'authorize', sessionId: 'S1', driverId: 'D1', expiresAtMs: now() + 60_000 });
    assert.deepEqual(outputs.leds, LED_PATTERNS.RESERVED);
    engine.dispatch({ type: 'plug' });
    assert.equal(outputs.relayClosed, true);
    assert.deepEqual(engine.status(), { health: 'ok', state: 'CHARGING', sessionId: 'S1' });
    advance(1_000);
    engine.dispatch({ type: 'tick', nowMs: now() });
    assert.equal(telemetry.length, 1);
    assert.equal(telemetry[0]!.kW, 7.2);
    assert.ok(Math.abs(telemetry[0]!.kWh - 7.2 / 3600) < 1e-12);
    advance(30 * 60_000 - 1_000);
    engine.dispatch({ type: 'unplug' });
    assert.equal(outputs.relayClosed, false);
    const ended = events.find((event) => event.type === 'session-ended');
    assert.ok(ended && ended.type === 'session-ended');
    assert.equal(ended.reason, 'unplugged');
    assert.equal(ended.durationS, 1800);
    assert.ok(Math.abs(ended.kWh - 3.6) < 1e-9);
    assert.deepEqual(events.map((event) => event.type), ['state', 'state', 'session-started', 'state', 'session-ended', 'state']);
  });

  it('opens the relay and reports ko inside the dispatch of the KO press', () => {
    const { engine, outputs, health, events } = anEngine();
    engine.start();
    engine.dispatch({ type: 'plug' });
    engine.dispatch({ type: 'authorize', sessionId: 'S1', driverId: 'D1', expiresAtMs: 60_000 });
    assert.equal(outputs.relayClosed, true);
    engine.dispatch({ type: 'ko-raised' });
    assert.equal(outputs.relayClosed, false);
    assert.deepEqual(outputs.leds, LED_PATTERNS.FAULTED);
    assert.deepEqual(health, ['ko']);
    assert.deepEqual(engine.status(), { health: 'ko', state: 'FAULTED' });
    const ended = events.find((event) => event.type === 'session-ended');
    assert.equal(ended?.type === 'session-ended' && ended.reason, 'fault');
  });

  it('ends a never-started reservation with 0 kWh', () => {
    const { engine, events } = anEngine();
    engine.dispatch({ type: 'authorize', sessionId: 'S1', driverId: 'D1', expiresAtMs: 10 });
    engine.dispatch({ type: 'tick', nowMs: 10 });
    const ended = events.find((event) => event.type === 'session-ended');
    assert.deepEqual(ended && { ...ended, id: '', ts: 0 }, { type: 'session-ended', id: '', ts: 0, sessionId: 'S1', kWh: 0, durationS: 0, reason: 'expired' });
  });

  it('keeps applying effects when one output throws', () => {
    const { engine, outputs } = anEngine();
    outputs.showLeds = () => {
      throw new Error('LED pin gone');
    };
    engine.dispatch({ type: 'plug' });
    engine.dispatch({ type: 'authorize', sessionId: 'S1', driverId: 'D1', expiresAtMs: 60_000 });
    assert.equal(outputs.relayClosed, true);
    engine.dispatch({ type: 'ko-raised' });
    assert.equal(outputs.relayClosed, false);
    assert.equal(engine.state, 'FAULTED');
  });
});
