import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { makeMessage, type DeviceEvent, type EngineState, type SessionEnded, type SessionStarted, type StateEvent, type Telemetry } from '../../protocol/index.ts';
import type { LedPattern } from './core/led-patterns.ts';
import { initialSnapshot, startupEffects, transition, type EngineEffect, type EngineEvent, type EngineSnapshot } from './core/state-machine.ts';
import type { EngineStatus } from './health-server.ts';
import type { Meter, MeterReading } from './meter.ts';

/** The only thing the Engine knows about the board: an adapter that drives the components. */
export interface EngineOutputs {
  setRelay(closed: boolean): void;
  showLeds(pattern: LedPattern): void;
}

export interface EngineEvents {
  /** The KO button changed: push to the Monitor at once (DESIGN §4.3). */
  health: [engine: 'ok' | 'ko'];
  /** A device event for Central (DESIGN §4.4): state, session-started, session-ended. */
  event: [event: DeviceEvent];
  telemetry: [telemetry: Telemetry];
  transition: [from: EngineSnapshot, to: EngineSnapshot, event: EngineEvent];
}

export interface EngineOptions {
  outputs: EngineOutputs;
  meter: Meter;
  logger: Logger;
  /** Epoch ms for message timestamps. Default Date.now. */
  wallClock?: () => number;
}

/**
 * The state machine bound to its effects. Everything here runs synchronously inside
 * `dispatch`, so a KO, stop or unplug opens the relay in the turn that reported it
 * (DESIGN §2); what leaves the process (bus, socket) goes out through events.
 */
export class Engine extends EventEmitter<EngineEvents> {
  readonly #outputs: EngineOutputs;
  readonly #meter: Meter;
  readonly #logger: Logger;
  readonly #wallClock: () => number;
  #snapshot: EngineSnapshot = initialSnapshot();
  #finalReading: MeterReading | undefined;
  #started = false;

  constructor(options: EngineOptions) {
    super();
    this.#outputs = options.outputs;
    this.#meter = options.meter;
    this.#logger = options.logger;
    this.#wallClock = options.wallClock ?? Date.now;
  }

  get snapshot(): EngineSnapshot {
    return this.#snapshot;
  }

  get state(): EngineState {
    return this.#snapshot.state;
  }

  /** What the health socket reports (DESIGN §4.3 pong). */
  status(): EngineStatus {
    const { faulted, state, session } = this.#snapshot;
    return session ? { health: faulted ? 'ko' : 'ok', state, sessionId: session.sessionId } : { health: faulted ? 'ko' : 'ok', state };
  }

  /** Drives the outputs to the initial state and announces it. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#apply(startupEffects(this.#snapshot));
  }

  dispatch(event: EngineEvent): void {
    const from = this.#snapshot;
    const { snapshot, effects } = transition(from, event);
    this.#snapshot = snapshot;
    this.#apply(effects);
    if (from !== snapshot) {
      if (from.state !== snapshot.state) this.#logger.info({ from: from.state, to: snapshot.state, event: event.type }, 'state change');
      this.emit('transition', from, snapshot, event);
    }
  }

  /** Opens the relay whatever the state: the last thing done on shutdown. */
  safeOff(): void {
    this.#outputs.setRelay(false);
  }

  #apply(effects: EngineEffect[]): void {
    for (const effect of effects) {
      try {
        this.#applyOne(effect);
      } catch (error) {
        // One failing output must not keep the others (the relay above all) from being applied.
        this.#logger.error({ err: error, effect: effect.kind }, 'effect failed');
      }
    }
  }

  #applyOne(effect: EngineEffect): void {
    switch (effect.kind) {
      case 'relay': return this.#outputs.setRelay(effect.closed);
      case 'leds': return this.#outputs.showLeds(effect.pattern);
      case 'meter-start': return this.#meter.start(effect.sessionId);
      case 'meter-stop':
        this.#finalReading = this.#meter.stop();
        return;
      case 'health':
        this.emit('health', effect.engine);
        return;
      case 'session-started':
        this.emit('event', this.#message<SessionStarted>('session-started', { sessionId: effect.sessionId, driverId: effect.driverId }));
        return;
      case 'session-ended': return this.#sessionEnded(effect);
      case 'publish-state': {
        const fields = effect.sessionId ? { state: effect.state, sessionId: effect.sessionId } : { state: effect.state };
        this.emit('event', this.#message<StateEvent>('state', fields));
        return;
      }
      case 'telemetry': return this.#telemetry(effect.sessionId);
      case 'ignored':
        this.#logger.info({ event: effect.event, reason: effect.reason, state: this.#snapshot.state }, 'event ignored');
        return;
    }
  }

  #sessionEnded(effect: Extract<EngineEffect, { kind: 'session-ended' }>): void {
    // A session that never charged (expired, refused, stopped while reserved) ends with 0 kWh.
    const reading = this.#finalReading?.sessionId === effect.sessionId ? this.#finalReading : undefined;
    this.#finalReading = undefined;
    const fields = { sessionId: effect.sessionId, kWh: reading?.kWh ?? 0, durationS: reading?.durationS ?? 0, reason: effect.reason };
    this.#logger.info(fields, 'session ended');
    this.emit('event', this.#message<SessionEnded>('session-ended', fields));
  }

  #telemetry(sessionId: string): void {
    const reading = this.#meter.read();
    if (reading?.sessionId !== sessionId) return;
    this.emit('telemetry', this.#message<Telemetry>('telemetry', { sessionId, kW: reading.kW, kWh: reading.kWh }));
  }

  #message<M extends DeviceEvent | Telemetry>(type: M['type'], fields: Omit<M, 'type' | 'id' | 'ts'>): M {
    return makeMessage<M>(type, fields as never, this.#wallClock);
  }
}
