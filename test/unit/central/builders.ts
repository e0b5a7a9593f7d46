// Data builders for Central's core tests (CitrineOS style: aThing(overrides)).
import type {
  ChargeRequest,
  DeviceCommand,
  DriverEvent,
  Health,
  Hello,
  ListCpsRequest,
  SessionEnded,
  SessionStarted,
  StateEvent,
  StatusRequest,
  StopRequest,
  Telemetry,
} from '../../../protocol/index.ts';
import { CentralCore, type CoreOptions, type CoreSnapshot, type CpSnapshot, type Effect, type SessionSnapshot } from '../../../central/core/index.ts';

export const T0 = 1_700_000_000_000;

export class TestClock {
  nowMs: number;
  constructor(startMs = T0) {
    this.nowMs = startMs;
  }
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** Sequential ids: `id-1`, `id-2`, ... */
export function idSequence(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export interface TestCore {
  core: CentralCore;
  clock: TestClock;
}

export function aCore(overrides: Partial<CoreOptions> = {}): TestCore {
  const clock = new TestClock();
  const core = new CentralCore({ now: clock.now, newId: idSequence(), ...overrides });
  return { core, clock };
}

let messageCounter = 0;
const nextId = (prefix: string) => `${prefix}-${++messageCounter}`;

export function aHello(overrides: Partial<Hello> = {}): Hello {
  return { type: 'hello', id: nextId('hello'), ts: T0, cpId: 'CP1', secret: 's3cret', location: { label: 'Lab 1' }, pricePerKwh: 0.4, ...overrides };
}

export function aHealth(cpId: string, engine: Health['engine'], overrides: Partial<Health> = {}): Health {
  return { type: 'health', id: nextId('health'), ts: T0, cpId, engine, ...overrides };
}

export function aCharge(driverId: string, cpId: string, overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return { type: 'charge', id: nextId('req'), ts: T0, driverId, cpId, ...overrides };
}

export function aStopRequest(driverId: string, sessionId: string): StopRequest {
  return { type: 'stop', id: nextId('req'), ts: T0, driverId, sessionId };
}

export function aListCps(driverId: string): ListCpsRequest {
  return { type: 'list-cps', id: nextId('req'), ts: T0, driverId };
}

export function aStatus(driverId: string, cpId: string): StatusRequest {
  return { type: 'status', id: nextId('req'), ts: T0, driverId, cpId };
}

export function aStateEvent(state: StateEvent['state'], sessionId?: string): StateEvent {
  const event: StateEvent = { type: 'state', id: nextId('ev'), ts: T0, state };
  if (sessionId !== undefined) event.sessionId = sessionId;
  return event;
}

export function aSessionStarted(sessionId: string, driverId: string, ts = T0): SessionStarted {
  return { type: 'session-started', id: nextId('ev'), ts, sessionId, driverId };
}

export function aSessionEnded(sessionId: string, overrides: Partial<SessionEnded> = {}): SessionEnded {
  return { type: 'session-ended', id: nextId('ev'), ts: T0, sessionId, kWh: 5, durationS: 600, reason: 'unplugged', ...overrides };
}

export function aTelemetry(sessionId: string, kW: number, kWh: number): Telemetry {
  return { type: 'telemetry', id: nextId('tel'), ts: T0, sessionId, kW, kWh };
}

export function aCpSnapshot(overrides: Partial<CpSnapshot> = {}): CpSnapshot {
  return { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4, lastState: 'AVAILABLE', operatorStopped: false, ...overrides };
}

export function aSessionSnapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    id: 'S1',
    cpId: 'CP1',
    driverId: 'D1',
    status: 'charging',
    requestId: 'req-0',
    authorizedAt: T0 - 120_000,
    expiresAt: T0 - 60_000,
    startedAt: T0 - 100_000,
    pricePerKwh: 0.4,
    currency: 'EUR',
    kW: 7,
    kWh: 2,
    ...overrides,
  };
}

export function aSnapshot(overrides: Partial<CoreSnapshot> = {}): CoreSnapshot {
  return { cps: [aCpSnapshot()], drivers: [], sessions: [], ...overrides };
}

// ---- scenario steps ----

/** Monitor hello (secret verdict `match`) and a first `health ok` on link `link-<cpId>`. */
export function connect(core: CentralCore, cpId = 'CP1', linkId = `link-${cpId}`): Effect[] {
  return [...core.monitorHello(linkId, aHello({ cpId }), 'match'), ...core.monitorHealth(linkId, aHealth(cpId, 'ok'))];
}

/** A reservation for `driverId`; returns its session id. */
export function reserve(core: CentralCore, driverId = 'D1', cpId = 'CP1'): string {
  const effects = core.driverRequest(aCharge(driverId, cpId));
  const accepted = driverMessages(effects, driverId, 'accepted')[0];
  if (!accepted?.sessionId) throw new Error(`charge was not accepted: ${JSON.stringify(effects)}`);
  return accepted.sessionId;
}

/** A charging session: connected CP, reservation, Engine's session-started. */
export function charging(core: CentralCore, driverId = 'D1', cpId = 'CP1'): string {
  if (core.cpView(cpId)?.state !== 'AVAILABLE') connect(core, cpId);
  const sessionId = reserve(core, driverId, cpId);
  core.deviceEvent(cpId, aSessionStarted(sessionId, driverId));
  return sessionId;
}

// ---- effect queries ----

export function ofKind<K extends Effect['kind']>(effects: Effect[], kind: K): Extract<Effect, { kind: K }>[] {
  return effects.filter((effect): effect is Extract<Effect, { kind: K }> => effect.kind === kind);
}

export function driverMessages<T extends DriverEvent['type']>(effects: Effect[], driverId: string, type: T): Extract<DriverEvent, { type: T }>[];
export function driverMessages(effects: Effect[], driverId: string): DriverEvent[];
export function driverMessages(effects: Effect[], driverId: string, type?: string): DriverEvent[] {
  return ofKind(effects, 'send-driver')
    .filter((effect) => effect.driverId === driverId && (type === undefined || effect.message.type === type))
    .map((effect) => effect.message);
}

export function deviceMessages<T extends DeviceCommand['type']>(effects: Effect[], cpId: string, type: T): Extract<DeviceCommand, { type: T }>[];
export function deviceMessages(effects: Effect[], cpId: string): DeviceCommand[];
export function deviceMessages(effects: Effect[], cpId: string, type?: string): DeviceCommand[] {
  return ofKind(effects, 'send-device')
    .filter((effect) => effect.cpId === cpId && (type === undefined || effect.message.type === type))
    .map((effect) => effect.message);
}

/** Kinds and message types in order, for asserting effect order: `send-driver:ticket`. */
export function trace(effects: Effect[]): string[] {
  return effects
    .filter((effect) => effect.kind !== 'log')
    .map((effect) => ('message' in effect ? `${effect.kind}:${effect.message.type}` : effect.kind));
}
