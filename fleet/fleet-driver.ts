import { randomUUID } from 'node:crypto';
import type { BusMessage } from '../bus/index.ts';
import { parseBusUrl } from '../bus/index.ts';
import { keysFromToken, openEvent, sealedEvent, signRequest, type DriverKeys } from '../protocol/driver-keys.ts';
import { driverEvent, encodeMessage, makeMessage, parseMessage, topics, type ChargeRequest, type DriverEvent } from '../protocol/index.ts';
import type { Channels, Endpoint } from './channels.ts';
import type { FleetCounters } from './counters.ts';
import type { Latencies} from './stats.ts';
import { monotonicMs } from './stats.ts';

export interface FleetDriverOptions {
  driverId: string;
  token: string;
  channels: Channels;
  counters: FleetCounters;
  /** request → authorized, ms. */
  authorizeLatencies: Latencies;
  /** The driver bus URL: on Kafka requests are signed and events sealed (protocol/driver-keys.ts). */
  busUrl: string;
  /** No authorized/denied within this time: counted unanswered, the driver is free again. */
  answerTimeoutMs: number;
  /** Called when the driver may ask again (ticket, denial, or no answer). */
  onFree: (driver: FleetDriver, cpId: string | undefined) => void;
}

interface Pending {
  requestId: string;
  cpId: string;
  sentAtMs: number;
  timer: NodeJS.Timeout;
}

/**
 * One simulated driver on the driver bus (DESIGN §4.5): sends `charge`, times the
 * `authorized` that follows, and is free again once the session's ticket arrives.
 */
export class FleetDriver {
  readonly id: string;
  readonly #options: FleetDriverOptions;
  #endpoint: Endpoint | undefined;
  #pending: Pending | undefined;
  /** The session this driver is in, once authorized, until its ticket. */
  #sessionId: string | undefined;
  #sessionCpId: string | undefined;
  #stopping = false;
  readonly #keys: DriverKeys | undefined;
  /** Kafka, open registration: the first request enrolls the token (pins it at Central). */
  #enrolled = false;

  constructor(options: FleetDriverOptions) {
    this.id = options.driverId;
    this.#options = options;
    this.#keys = parseBusUrl(options.busUrl).kind === 'kafka' ? keysFromToken(options.driverId, options.token) : undefined;
  }

  get free(): boolean {
    return this.#endpoint?.connected === true && this.#pending === undefined && this.#sessionId === undefined;
  }

  /** Authorized and waiting for the session's ticket. */
  get inSession(): boolean {
    return this.#sessionId !== undefined;
  }

  get waitingForAnswer(): boolean {
    return this.#pending !== undefined;
  }

  async start(): Promise<void> {
    const counters = this.#options.counters;
    this.#endpoint = await this.#options.channels.attach({
      id: this.id,
      secret: this.#options.token,
      onMessage: (message) => this.#onEvent(message),
      onDrop: () => {
        if (!this.#stopping) counters.busDrops++;
      },
    });
  }

  charge(cpId: string): void {
    const request = makeMessage<ChargeRequest>('charge', { driverId: this.id, cpId });
    const timer = setTimeout(() => {
      if (this.#pending?.requestId !== request.id) return;
      this.#pending = undefined;
      this.#options.counters.requestsUnanswered++;
      this.#options.onFree(this, cpId);
    }, this.#options.answerTimeoutMs);
    this.#pending = { requestId: request.id, cpId, sentAtMs: monotonicMs(), timer };
    this.#options.counters.requestsSent++;
    this.#publish(request);
  }

  #publish(request: ChargeRequest | { type: 'ack'; id: string; ts: number; driverId: string; sessionId: string }): void {
    const sent = this.#keys ? signRequest(request, this.#keys, !this.#enrolled) : request;
    this.#enrolled = true;
    this.#endpoint!.publish(topics.driverRequests(this.id), encodeMessage(sent)).catch(() => undefined);
  }

  /** The event in a delivery: plain on MQTT, sealed for this driver on Kafka. */
  #eventOf(payload: Buffer): DriverEvent | undefined {
    if (!this.#keys) {
      const parsed = parseMessage(driverEvent, payload);
      return parsed.ok ? parsed.message : undefined;
    }
    const sealed = parseMessage(sealedEvent, payload);
    if (!sealed.ok) {
      const plain = parseMessage(driverEvent, payload); // a plain denial: Central lacked our key
      return plain.ok && plain.message.type === 'denied' ? plain.message : undefined;
    }
    const text = openEvent(sealed.message, this.id, this.#keys);
    if (text === undefined) return undefined;
    const parsed = parseMessage(driverEvent, text);
    return parsed.ok ? parsed.message : undefined;
  }

  /** Requests still unanswered when the fleet stops count as unanswered. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#pending) {
      clearTimeout(this.#pending.timer);
      this.#pending = undefined;
      this.#options.counters.requestsUnanswered++;
    }
    await this.#endpoint?.close();
  }

  #onEvent(delivery: BusMessage): void {
    const event = this.#eventOf(delivery.payload);
    if (!event) return;
    const { counters } = this.#options;
    const pending = this.#pending;
    switch (event.type) {
      case 'authorized':
        if (!pending || pending.cpId !== event.cpId) return;
        clearTimeout(pending.timer);
        this.#pending = undefined;
        this.#sessionId = event.sessionId;
        this.#sessionCpId = event.cpId;
        counters.authorized++;
        this.#options.authorizeLatencies.add(monotonicMs() - pending.sentAtMs);
        return;
      case 'denied':
        if (!pending || event.re !== pending.requestId) return;
        clearTimeout(pending.timer);
        this.#pending = undefined;
        counters.denied++;
        this.#options.onFree(this, pending.cpId);
        return;
      case 'ticket':
        // Central holds a ticket until its driver acknowledges it (DESIGN §4.5).
        this.#publish({ type: 'ack', id: randomUUID(), ts: Date.now(), driverId: this.id, sessionId: event.sessionId });
        if (event.sessionId !== this.#sessionId) return;
        counters.ticketsReceived++;
        this.#sessionId = undefined;
        this.#options.onFree(this, this.#sessionCpId);
        this.#sessionCpId = undefined;
        return;
      default:
        return;
    }
  }
}
