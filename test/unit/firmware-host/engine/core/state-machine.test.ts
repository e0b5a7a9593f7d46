import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENGINE_STATES, SESSION_END_REASONS } from '../../../../../protocol/index.ts';
import {
  initialSnapshot,
  startupEffects,
  transition,
  type EngineEffect,
  type EngineEvent,
  type EngineEventType,
  type EngineSnapshot,
} from '../../../../../firmware-host/engine/core/state-machine.ts';
import { relayClosedIn } from '../../../../../hardware/components/relay-rule.ts';
import { LED_PATTERNS } from '../../../../../firmware-host/engine/core/led-patterns.ts';

const S1 = { sessionId: 'S1', driverId: 'D1', expiresAtMs: 60_000 };

function aSnapshot(overrides: Partial<EngineSnapshot> = {}): EngineSnapshot {
  return { ...initialSnapshot(), ...overrides };
}

const AVAILABLE = aSnapshot();
const RESERVED = aSnapshot({ state: 'RESERVED', session: S1 });
const CHARGING = aSnapshot({ state: 'CHARGING', session: S1, plugged: true });
const STOPPED = aSnapshot({ state: 'STOPPED', stoppedByCentral: true });
const FAULTED = aSnapshot({ state: 'FAULTED', faulted: true });

const events = {
  authorize: { type: 'authorize', sessionId: 'S2', driverId: 'D2', expiresAtMs: 60_000 },
  cancel: { type: 'cancel', sessionId: 'S1' },
  stop: { type: 'stop' },
  resume: { type: 'resume' },
  'end-session': { type: 'end-session', sessionId: 'S1', reason: 'driver-stop' },
  plug: { type: 'plug' },
  unplug: { type: 'unplug' },
  'ko-raised': { type: 'ko-raised' },
  'ko-cleared': { type: 'ko-cleared' },
  'reservation-expired': { type: 'reservation-expired', sessionId: 'S1' },
  tick: { type: 'tick', nowMs: 1_000 },
} satisfies { [K in EngineEventType]: Extract<EngineEvent, { type: K }> };

// Effect builders keep the table readable.
const relay = (closed: boolean): EngineEffect => ({ kind: 'relay', closed });
const meterStart = (sessionId = 'S1'): EngineEffect => ({ kind: 'meter-start', sessionId });
const meterStop = (sessionId = 'S1'): EngineEffect => ({ kind: 'meter-stop', sessionId });
const health = (engine: 'ok' | 'ko'): EngineEffect => ({ kind: 'health', engine });
const ended = (reason: (typeof SESSION_END_REASONS)[number], sessionId = 'S1'): EngineEffect => ({ kind: 'session-ended', sessionId, reason });
const started = (sessionId = 'S1', driverId = 'D1'): EngineEffect => ({ kind: 'session-started', sessionId, driverId });
const leds = (state: EngineSnapshot['state']): EngineEffect => ({ kind: 'leds', pattern: LED_PATTERNS[state] });
const published = (state: EngineSnapshot['state'], sessionId?: string): EngineEffect =>
  sessionId ? { kind: 'publish-state', state, sessionId } : { kind: 'publish-state', state };
const IGNORED = 'ignored' as const;

interface Row {
  from: EngineSnapshot;
  event: EngineEventType;
  to: EngineSnapshot;
  effects: EngineEffect[] | typeof IGNORED;
}

const S2 = { sessionId: 'S2', driverId: 'D2', expiresAtMs: 60_000 };

// Every state × every event (DESIGN §2, §4.4).
const table: Row[] = [
  { from: AVAILABLE, event: 'authorize', to: aSnapshot({ state: 'RESERVED', session: S2 }), effects: [leds('RESERVED'), published('RESERVED', 'S2')] },
  { from: AVAILABLE, event: 'cancel', to: AVAILABLE, effects: IGNORED },
  { from: AVAILABLE, event: 'stop', to: STOPPED, effects: [leds('STOPPED'), published('STOPPED')] },
  { from: AVAILABLE, event: 'resume', to: AVAILABLE, effects: [published('AVAILABLE')] },
  { from: AVAILABLE, event: 'end-session', to: AVAILABLE, effects: IGNORED },
  { from: AVAILABLE, event: 'plug', to: aSnapshot({ plugged: true }), effects: [] },
  { from: AVAILABLE, event: 'unplug', to: AVAILABLE, effects: IGNORED },
  { from: AVAILABLE, event: 'ko-raised', to: FAULTED, effects: [health('ko'), leds('FAULTED'), published('FAULTED')] },
  { from: AVAILABLE, event: 'ko-cleared', to: AVAILABLE, effects: IGNORED },
  { from: AVAILABLE, event: 'reservation-expired', to: AVAILABLE, effects: IGNORED },
  { from: AVAILABLE, event: 'tick', to: AVAILABLE, effects: [] },

  { from: RESERVED, event: 'authorize', to: RESERVED, effects: IGNORED },
  { from: RESERVED, event: 'cancel', to: AVAILABLE, effects: [leds('AVAILABLE'), published('AVAILABLE')] },
  { from: RESERVED, event: 'stop', to: STOPPED, effects: [ended('stopped'), leds('STOPPED'), published('STOPPED')] },
  { from: RESERVED, event: 'resume', to: RESERVED, effects: [published('RESERVED', 'S1')] },
  { from: RESERVED, event: 'end-session', to: AVAILABLE, effects: [ended('driver-stop'), leds('AVAILABLE'), published('AVAILABLE')] },
  { from: RESERVED, event: 'plug', to: CHARGING, effects: [relay(true), meterStart(), started(), leds('CHARGING'), published('CHARGING', 'S1')] },
  { from: RESERVED, event: 'unplug', to: RESERVED, effects: IGNORED },
  { from: RESERVED, event: 'ko-raised', to: FAULTED, effects: [health('ko'), ended('fault'), leds('FAULTED'), published('FAULTED')] },
  { from: RESERVED, event: 'ko-cleared', to: RESERVED, effects: IGNORED },
  { from: RESERVED, event: 'reservation-expired', to: AVAILABLE, effects: [ended('expired'), leds('AVAILABLE'), published('AVAILABLE')] },
  { from: RESERVED, event: 'tick', to: RESERVED, effects: [] },

  { from: CHARGING, event: 'authorize', to: CHARGING, effects: IGNORED },
  { from: CHARGING, event: 'cancel', to: aSnapshot({ plugged: true }), effects: [relay(false), meterStop(), ended('driver-stop'), leds('AVAILABLE'), published('AVAILABLE')] },
  { from: CHARGING, event: 'stop', to: aSnapshot({ state: 'STOPPED', stoppedByCentral: true, plugged: true }), effects: [relay(false), meterStop(), ended('stopped'), leds('STOPPED'), published('STOPPED')] },
  { from: CHARGING, event: 'resume', to: CHARGING, effects: [published('CHARGING', 'S1')] },
  { from: CHARGING, event: 'end-session', to: aSnapshot({ plugged: true }), effects: [relay(false), meterStop(), ended('driver-stop'), leds('AVAILABLE'), published('AVAILABLE')] },
  { from: CHARGING, event: 'plug', to: CHARGING, effects: IGNORED },
  { from: CHARGING, event: 'unplug', to: AVAILABLE, effects: [relay(false), meterStop(), ended('unplugged'), leds('AVAILABLE'), published('AVAILABLE')] },
  { from: CHARGING, event: 'ko-raised', to: aSnapshot({ state: 'FAULTED', faulted: true, plugged: true }), effects: [relay(false), meterStop(), health('ko'), ended('fault'), leds('FAULTED'), published('FAULTED')] },
  { from: CHARGING, event: 'ko-cleared', to: CHARGING, effects: IGNORED },
  { from: CHARGING, event: 'reservation-expired', to: CHARGING, effects: IGNORED },
  { from: CHARGING, event: 'tick', to: CHARGING, effects: [{ kind: 'telemetry', sessionId: 'S1' }] },

  { from: STOPPED, event: 'authorize', to: STOPPED, effects: [ended('stopped', 'S2')] },
  { from: STOPPED, event: 'cancel', to: STOPPED, effects: IGNORED },
  { from: STOPPED, event: 'stop', to: STOPPED, effects: [published('STOPPED')] },
  { from: STOPPED, event: 'resume', to: AVAILABLE, effects: [leds('AVAILABLE'), published('AVAILABLE')] },
  { from: STOPPED, event: 'end-session', to: STOPPED, effects: IGNORED },
  { from: STOPPED, event: 'plug', to: aSnapshot({ state: 'STOPPED', stoppedByCentral: true, plugged: true }), effects: [] },
  { from: STOPPED, event: 'unplug', to: STOPPED, effects: IGNORED },
  { from: STOPPED, event: 'ko-raised', to: aSnapshot({ state: 'FAULTED', faulted: true, stoppedByCentral: true }), effects: [health('ko'), leds('FAULTED'), published('FAULTED')] },
  { from: STOPPED, event: 'ko-cleared', to: STOPPED, effects: IGNORED },
  { from: STOPPED, event: 'reservation-expired', to: STOPPED, effects: IGNORED },
  { from: STOPPED, event: 'tick', to: STOPPED, effects: [] },

  { from: FAULTED, event: 'authorize', to: FAULTED, effects: [ended('fault', 'S2')] },
  { from: FAULTED, event: 'cancel', to: FAULTED, effects: IGNORED },
  { from: FAULTED, event: 'stop', to: aSnapshot({ state: 'FAULTED', faulted: true, stoppedByCentral: true }), effects: [published('FAULTED')] },
  { from: FAULTED, event: 'resume', to: FAULTED, effects: [published('FAULTED')] },
  { from: FAULTED, event: 'end-session', to: FAULTED, effects: IGNORED },
  { from: FAULTED, event: 'plug', to: aSnapshot({ state: 'FAULTED', faulted: true, plugged: true }), effects: [] },
  { from: FAULTED, event: 'unplug', to: FAULTED, effects: IGNORED },
  { from: FAULTED, event: 'ko-raised', to: FAULTED, effects: IGNORED },
  { from: FAULTED, event: 'ko-cleared', to: AVAILABLE, effects: [health('ok'), leds('AVAILABLE'), published('AVAILABLE')] },
  { from: FAULTED, event: 'reservation-expired', to: FAULTED, effects: IGNORED },
  { from: FAULTED, event: 'tick', to: FAULTED, effects: [] },
];

function check(from: EngineSnapshot, event: EngineEvent, to: EngineSnapshot, effects: Row['effects']): void {
  const result = transition(from, event);
  assert.deepEqual(result.snapshot, to);
  if (effects === IGNORED) {
    assert.equal(result.effects.length, 1);
    assert.equal(result.effects[0]!.kind, 'ignored');
  } else {
    assert.deepEqual(result.effects, effects);
  }
}

describe('engine state machine', () => {
  it('has a row for every state × every event', () => {
    for (const state of ENGINE_STATES) {
      for (const event of Object.keys(events)) {
        assert.ok(table.some((row) => row.from.state === state && row.event === event), `${state} × ${event} missing`);
      }
    }
  });

  for (const row of table) {
    it(`${row.from.state} × ${row.event} → ${row.to.state}`, () => {
      check(row.from, events[row.event], row.to, row.effects);
    });
  }

  describe('context the state alone does not show', () => {
    it('authorize with a car already plugged starts charging at once', () => {
      check(aSnapshot({ plugged: true }), events.authorize, aSnapshot({ state: 'CHARGING', plugged: true, session: S2 }), [
        relay(true), meterStart('S2'), started('S2', 'D2'), leds('CHARGING'), published('CHARGING', 'S2'),
      ]);
    });

    it('a repeated authorize of the running session is ignored', () => {
      check(RESERVED, { ...events.authorize, sessionId: 'S1' }, RESERVED, IGNORED);
    });

    it('a reservation expires on the first tick at or after its deadline', () => {
      check(RESERVED, { type: 'tick', nowMs: 59_999 }, RESERVED, []);
      check(RESERVED, { type: 'tick', nowMs: 60_000 }, AVAILABLE, [ended('expired'), leds('AVAILABLE'), published('AVAILABLE')]);
    });

    it('commands for another session are ignored', () => {
      check(RESERVED, { type: 'cancel', sessionId: 'S9' }, RESERVED, IGNORED);
      check(CHARGING, { type: 'end-session', sessionId: 'S9', reason: 'driver-stop' }, CHARGING, IGNORED);
      check(RESERVED, { type: 'reservation-expired', sessionId: 'S9' }, RESERVED, IGNORED);
    });

    it('end-session carries Central’s reason', () => {
      check(CHARGING, { type: 'end-session', sessionId: 'S1', reason: 'stopped' }, aSnapshot({ plugged: true }), [
        relay(false), meterStop(), ended('stopped'), leds('AVAILABLE'), published('AVAILABLE'),
      ]);
    });

    it('a fault cleared on a stopped CP returns to STOPPED, not AVAILABLE', () => {
      const from = aSnapshot({ state: 'FAULTED', faulted: true, stoppedByCentral: true });
      check(from, events['ko-cleared'], STOPPED, [health('ok'), leds('STOPPED'), published('STOPPED')]);
    });

    it('resume during a fault forgets the stop but stays FAULTED', () => {
      const from = aSnapshot({ state: 'FAULTED', faulted: true, stoppedByCentral: true });
      check(from, events.resume, FAULTED, [published('FAULTED')]);
    });

    it('unplug while idle just notes the car left', () => {
      check(aSnapshot({ plugged: true }), events.unplug, AVAILABLE, []);
    });

    it('start-up drives the outputs to the initial state', () => {
      assert.deepEqual(startupEffects(initialSnapshot()), [relay(false), leds('AVAILABLE'), published('AVAILABLE')]);
    });
  });

  describe('invariants over any event sequence', () => {
    const anEvent: fc.Arbitrary<EngineEvent> = fc.oneof(
      fc.record({ type: fc.constant('authorize' as const), sessionId: fc.constantFrom('S1', 'S2'), driverId: fc.constant('D1'), expiresAtMs: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ type: fc.constant('cancel' as const), sessionId: fc.constantFrom('S1', 'S2') }),
      fc.record({ type: fc.constant('end-session' as const), sessionId: fc.constantFrom('S1', 'S2'), reason: fc.constantFrom(...SESSION_END_REASONS) }),
      fc.record({ type: fc.constant('reservation-expired' as const), sessionId: fc.constantFrom('S1', 'S2') }),
      fc.record({ type: fc.constant('tick' as const), nowMs: fc.integer({ min: 0, max: 100 }) }),
      fc.constantFrom<EngineEvent>({ type: 'stop' }, { type: 'resume' }, { type: 'plug' }, { type: 'unplug' }, { type: 'ko-raised' }, { type: 'ko-cleared' }),
    );

    it('the relay follows the state, every session that starts ends once, faults always win', () => {
      fc.assert(
        fc.property(fc.array(anEvent, { maxLength: 60 }), (sequence) => {
          let snapshot = initialSnapshot();
          let relayClosed = false;
          const open = new Set<string>();
          for (const event of sequence) {
            const result = transition(snapshot, event);
            for (const effect of result.effects) {
              if (effect.kind === 'relay') relayClosed = effect.closed;
              if (effect.kind === 'session-started') open.add(effect.sessionId);
              if (effect.kind === 'session-ended' && open.has(effect.sessionId)) open.delete(effect.sessionId);
            }
            snapshot = result.snapshot;
            assert.equal(relayClosed, relayClosedIn(snapshot.state));
            assert.equal(snapshot.session !== undefined, snapshot.state === 'RESERVED' || snapshot.state === 'CHARGING');
            if (snapshot.faulted) assert.equal(snapshot.state, 'FAULTED');
            if (snapshot.state === 'CHARGING') assert.ok(snapshot.plugged && open.has(snapshot.session!.sessionId));
            else assert.equal(open.size, 0);
          }
        }),
      );
    });
  });
});
