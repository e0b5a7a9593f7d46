// A test peer on the real bus that answers driver requests the way Central does (DESIGN §4.5).
// It is not Central: each CP gets a scripted behaviour, and the test can send events by hand.
import { createBus, subscribeMessages, type Bus, type CreateBusOptions } from '../../../bus/index.ts';
import {
  driverRequest,
  encodeMessage,
  keysFromDriverKey,
  sealEvent,
  type DriverKeys,
  makeMessage,
  patterns,
  topics,
  type CpSummary,
  type DriverEvent,
  type DriverRequest,
  type SessionEndReason,
} from '../../../protocol/index.ts';

/**
 * `completes`: accepted, authorized, three progress events, ticket (`unplugged`).
 * `manual`: accepted and authorized only; the test sends progress and the ticket.
 * `silent`: never answers.
 */
export type CpScript = 'completes' | 'manual' | 'silent';

export interface ScriptedCp {
  summary: CpSummary;
  script: CpScript;
}

type EventBody = DriverEvent extends infer E ? (E extends DriverEvent ? Omit<E, 'id' | 'ts'> : never) : never;

export const PLUG_IN_WINDOW_MS = 60_000;
export const ENERGY_PER_STEP_KWH = 0.25;

export class ScriptedCentral {
  readonly requests: DriverRequest[] = [];
  readonly #bus: Bus;
  readonly #cps: Map<string, ScriptedCp>;
  readonly #log: string[];
  /** Kafka: the key each driver sent at first use (`enroll`), to seal its events as Central does. */
  readonly #keys = new Map<string, DriverKeys>();
  readonly #sessions = new Map<string, { cpId: string; driverId: string; startedAt: number; energyKwh: number }>();
  #sessionCount = 0;

  private constructor(bus: Bus, cps: ScriptedCp[], log: string[]) {
    this.#bus = bus;
    this.#cps = new Map(cps.map((cp) => [cp.summary.id, cp]));
    this.#log = log;
  }

  /** `log` gets `{type} {cpId or sessionId}` for every request, as it arrives. */
  static async start(url: string, identity: CreateBusOptions, cps: ScriptedCp[], log: string[] = []): Promise<ScriptedCentral> {
    const bus = createBus(url, identity);
    await bus.connect();
    const central = new ScriptedCentral(bus, cps, log);
    await subscribeMessages(bus, patterns.allDriverRequests, driverRequest, (request) => central.#onRequest(request));
    return central;
  }

  async close(): Promise<void> {
    await this.#bus.close();
  }

  async send(driverId: string, body: EventBody): Promise<void> {
    const event = makeMessage<DriverEvent>(body.type, body as never);
    const keys = this.#keys.get(driverId);
    const sealed = this.#bus.kind === 'kafka' && keys ? sealEvent(driverId, event, keys) : event;
    await this.#bus.publish(topics.driverEvents(driverId), encodeMessage(sealed));
  }

  async progress(sessionId: string): Promise<void> {
    const session = this.#session(sessionId);
    session.energyKwh += ENERGY_PER_STEP_KWH;
    const price = this.#cps.get(session.cpId)!.summary.pricePerKwh;
    await this.send(session.driverId, { type: 'progress', sessionId, kW: 7.4, kWh: session.energyKwh, amount: session.energyKwh * price });
  }

  async ticket(sessionId: string, reason: SessionEndReason): Promise<void> {
    const session = this.#session(sessionId);
    const cp = this.#cps.get(session.cpId)!.summary;
    this.#sessions.delete(sessionId);
    const endedAt = session.startedAt + 90_000;
    await this.send(session.driverId, {
      type: 'ticket',
      sessionId,
      cpId: session.cpId,
      driverId: session.driverId,
      startedAt: session.startedAt,
      endedAt,
      durationS: 90,
      kWh: session.energyKwh,
      pricePerKwh: cp.pricePerKwh,
      amount: session.energyKwh * cp.pricePerKwh,
      currency: 'EUR',
      reason,
      location: cp.location,
    });
  }

  #session(sessionId: string) {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new Error(`no scripted session ${sessionId}`);
    return session;
  }

  async #onRequest(request: DriverRequest): Promise<void> {
    this.requests.push(request);
    const { driverId } = request;
    if (request.enroll) this.#keys.set(driverId, keysFromDriverKey(request.enroll));
    switch (request.type) {
      case 'charge':
        this.#log.push(`charge ${request.cpId}`);
        return this.#onCharge(request.driverId, request.id, request.cpId);
      case 'stop': {
        this.#log.push(`stop ${request.sessionId}`);
        if (!this.#sessions.has(request.sessionId)) {
          return this.send(driverId, { type: 'denied', re: request.id, reason: `you have no active session ${request.sessionId}` });
        }
        await this.send(driverId, { type: 'accepted', re: request.id, sessionId: request.sessionId });
        return this.ticket(request.sessionId, 'driver-stop');
      }
      case 'list-cps':
        this.#log.push('list-cps');
        return this.send(driverId, { type: 'cps', re: request.id, list: [...this.#cps.values()].map((cp) => cp.summary) });
      case 'status': {
        this.#log.push(`status ${request.cpId}`);
        const cp = this.#cps.get(request.cpId);
        if (!cp) return this.send(driverId, { type: 'denied', re: request.id, reason: `unknown CP ${request.cpId}` });
        return this.send(driverId, { type: 'cp-state', re: request.id, cpId: cp.summary.id, state: cp.summary.state });
      }
    }
  }

  async #onCharge(driverId: string, requestId: string, cpId: string): Promise<void> {
    const cp = this.#cps.get(cpId);
    if (!cp) return this.send(driverId, { type: 'denied', re: requestId, reason: `unknown CP ${cpId}` });
    if (cp.script === 'silent') return;
    const sessionId = `S-${++this.#sessionCount}`;
    const startedAt = Date.UTC(2024, 4, 1, 12, 0, 0);
    this.#sessions.set(sessionId, { cpId, driverId, startedAt, energyKwh: 0 });
    await this.send(driverId, { type: 'accepted', re: requestId, sessionId });
    await this.send(driverId, { type: 'authorized', sessionId, cpId, plugInBy: Date.now() + PLUG_IN_WINDOW_MS });
    if (cp.script === 'manual') return;
    for (let step = 0; step < 3; step++) await this.progress(sessionId);
    await this.ticket(sessionId, 'unplugged');
  }
}
