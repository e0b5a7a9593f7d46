// Data builders for Central's core tests (CitrineOS style: aThing(overrides)).
import type {
  ChargeRequest,
  DeviceCommand,
  DeviceEvent,
  DriverEvent,
  DriverRequest,
  Health,
  MonitorToCentral,
  Hello,
  ListCpsRequest,
  SessionEnded,
  SessionStarted,
  StateEvent,
  StatusRequest,
  StopRequest,
  Telemetry,
} from '../../../protocol/index.ts';
import { pino } from 'pino';
import {
  addCp,
  CentralCore,
  linkClosed,
  removeCp,
  resetSecret,
  restore,
  resumeAll,
  resumeCp,
  stopAll,
  stopCp,
  tick,
  type CoreInput,
  type CoreOptions,
  type CoreSnapshot,
  type CpConfig,
  type CpSnapshot,
  type Effect,
  type SecretCheck,
  type SessionSnapshot,
} from '../../../central/core/index.ts';
import { handleDeviceMessage } from '../../../central/gateways/device/handlers/index.ts';
import { handleDriverRequest } from '../../../central/gateways/driver/handlers/index.ts';
import { answerHello } from '../../../central/gateways/monitor/handlers/hello.ts';
import { handleMonitorMessage } from '../../../central/gateways/monitor/handlers/index.ts';

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

const silent = pino({ level: 'silent' });

/**
 * Central's core driven the way production drives it: each message goes through its
 * gateway's dispatcher and handler, each other input through the core function the app
 * calls, one input at a time; every call returns that input's effects. After every input
 * the state's invariants must hold (CentralState.violations).
 */
export class TestCentral {
  readonly core: CentralCore;
  readonly #submit = (input: CoreInput): Promise<void> => {
    if (input(this.core) !== undefined) throw new Error('TestCentral runs synchronous inputs only');
    return Promise.resolve();
  };

  constructor(options: CoreOptions) {
    this.core = new CentralCore(options);
  }

  // ---- messages, through the gateways' dispatchers ----

  monitorHello(linkId: string, hello: Hello, secret: SecretCheck): Effect[] {
    return this.#run((core) => answerHello(core, linkId, hello, secret));
  }

  /** Any Monitor message on `linkId`, through the gateway's dispatcher. */
  monitorMessage(linkId: string, message: MonitorToCentral): Effect[] {
    return this.#handled(handleMonitorMessage({ submit: this.#submit, logger: silent, secrets: noSecrets }, { id: linkId, remoteAddress: 'test' }, message));
  }

  monitorHealth(linkId: string, health: Health): Effect[] {
    return this.#handled(handleMonitorMessage({ submit: this.#submit, logger: silent, secrets: noSecrets }, { id: linkId, remoteAddress: 'test' }, health));
  }

  deviceEvent(cpId: string, event: DeviceEvent | Telemetry): Effect[] {
    return this.#handled(handleDeviceMessage({ submit: this.#submit, logger: silent, notice: () => undefined }, cpId, event));
  }

  /** The Engine's retained `online` flag on the device bus (DESIGN §4.4). */
  deviceOnline(cpId: string, online: boolean): Effect[] {
    return this.#handled(handleDeviceMessage({ submit: this.#submit, logger: silent, notice: () => undefined }, cpId, { type: 'online', online, retained: false }));
  }

  deviceTelemetry(cpId: string, telemetry: Telemetry): Effect[] {
    return this.deviceEvent(cpId, telemetry);
  }

  /** `channelDriverId`: the driver the channel proves; by default the one the request names. */
  driverRequest(request: DriverRequest, channelDriverId = request.driverId): Effect[] {
    return this.#handled(handleDriverRequest({ submit: this.#submit, logger: silent }, channelDriverId, request));
  }

  // ---- the app's other inputs ----

  restore(snapshot: CoreSnapshot): Effect[] {
    return this.#run((core) => restore(core, snapshot));
  }

  monitorLinkClosed(linkId: string): Effect[] {
    return this.#run((core) => linkClosed(core, linkId));
  }

  tick(): Effect[] {
    return this.#run(tick);
  }

  addCp(config: CpConfig): Effect[] {
    return this.#run((core) => void addCp(core, config));
  }

  stopCp(cpId: string, reason?: string): Effect[] {
    return this.#run((core) => stopCp(core, cpId, reason));
  }

  stopAll(reason?: string): Effect[] {
    return this.#run((core) => stopAll(core, reason));
  }

  resumeCp(cpId: string): Effect[] {
    return this.#run((core) => resumeCp(core, cpId));
  }

  resumeAll(): Effect[] {
    return this.#run(resumeAll);
  }

  removeCp(cpId: string): Effect[] {
    return this.#run((core) => removeCp(core, cpId));
  }

  resetSecret(cpId: string, secret: string): Effect[] {
    return this.#run((core) => resetSecret(core, cpId, secret));
  }

  // ---- read model ----

  hasCp(cpId: string) {
    return this.core.hasCp(cpId);
  }

  cpView(cpId: string) {
    return this.core.cpView(cpId);
  }

  cpViews() {
    return this.core.cpViews();
  }

  cpSummaries() {
    return this.core.cpSummaries();
  }

  sessionViews(limit?: number) {
    return this.core.sessionViews(limit);
  }

  snapshot() {
    return this.core.snapshot();
  }

  #run(input: (core: CentralCore) => void): Effect[] {
    input(this.core);
    return this.#checked();
  }

  #handled(done: Promise<void>): Effect[] {
    void done;
    return this.#checked();
  }

  #checked(): Effect[] {
    const violations = this.core.state.violations();
    if (violations.length > 0) throw new Error(`core invariants broken: ${violations.join('; ')}`);
    return this.core.takeEffects();
  }
}

const noSecrets = {
  check: () => Promise.reject(new Error('TestCentral answers hello through monitorHello')),
  recheck: () => Promise.reject(new Error('TestCentral answers hello through monitorHello')),
  storedConfig: () => undefined,
};

export interface TestCore {
  core: TestCentral;
  clock: TestClock;
}

export function aCore(overrides: Partial<CoreOptions> = {}): TestCore {
  const clock = new TestClock();
  // Most suites send a whole session's meter figures on a frozen clock: a day of slack keeps the
  // energy bound out of their way. plausibility.test.ts passes the real default (2 s).
  const core = new TestCentral({ now: clock.now, newId: idSequence(), energySlackS: 86_400, ...overrides });
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

/** A submit that runs nothing and records each input's label: what a dispatcher routed where. */
export function labelRecorder(): { labels: string[]; submit: (input: CoreInput, label: string) => Promise<void> } {
  const labels: string[] = [];
  return {
    labels,
    submit: (_input, label) => {
      labels.push(label);
      return Promise.resolve();
    },
  };
}

// ---- scenario steps ----

/** Monitor hello (secret verdict `match`), the Engine online on the device bus and a first `health ok` on link `link-<cpId>`. */
export function connect(core: TestCentral, cpId = 'CP1', linkId = `link-${cpId}`): Effect[] {
  return [...core.monitorHello(linkId, aHello({ cpId }), 'match'), ...core.deviceOnline(cpId, true), ...core.monitorHealth(linkId, aHealth(cpId, 'ok'))];
}

/** A reservation for `driverId`; returns its session id. */
export function reserve(core: TestCentral, driverId = 'D1', cpId = 'CP1'): string {
  const effects = core.driverRequest(aCharge(driverId, cpId));
  const accepted = driverMessages(effects, driverId, 'accepted')[0];
  if (!accepted?.sessionId) throw new Error(`charge was not accepted: ${JSON.stringify(effects)}`);
  return accepted.sessionId;
}

/** A charging session: connected CP, reservation, Engine's session-started. */
export function charging(core: TestCentral, driverId = 'D1', cpId = 'CP1'): string {
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
