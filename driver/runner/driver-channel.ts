import { BusRefusedError, subscribeMessages, type Bus, type BusSecurity, type CreateBusOptions, type Subscription } from '../../bus/index.ts';
import {
  denied,
  driverEvent,
  encodeMessage,
  keysFromToken,
  makeMessage,
  openEvent,
  parseMessage,
  sealedEvent,
  signRequest,
  topics,
  type DriverEvent,
  type DriverKeys,
  type DriverRequest,
} from '../../protocol/index.ts';
import type { DriverIo } from '../io.ts';
import type { Inbox } from './inbox.ts';

/**
 * Which bus identity a command uses. `main` is the driver's own persistent session
 * (MQTT client id = driverId, clean: false; Kafka group `evc-driver-{id}`), so events sent
 * while it was away are waiting when it returns (DESIGN §4.5). One-shot commands use a
 * side identity (`{id}.list`, …) so they never take over the main session of a driver
 * still charging in another terminal. The broker accepts `{id}` and `{id}.suffix`
 * as client ids of driver `id` (bus/broker/acl.ts).
 */
export type ChannelPurpose = 'main' | 'list' | 'status' | 'stop';

export function busIdentity(driverId: string, purpose: ChannelPurpose, token: string, security: BusSecurity = {}): CreateBusOptions {
  const suffix = purpose === 'main' ? '' : `.${purpose}`;
  return { clientId: `${driverId}${suffix}`, groupId: `evc-driver-${driverId}${suffix}`, username: driverId, password: token, ...security };
}

type RequestFields<T extends DriverRequest['type']> = Omit<Extract<DriverRequest, { type: T }>, 'type' | 'id' | 'ts' | 'driverId'>;

export interface ChannelEvents {
  /** A malformed event was dropped, the link was lost, or came back. */
  onNotice(text: string): void;
  /** Kafka: Central has shown it holds this driver's key (an event sealed with it opened). */
  onPinned?(): void;
  /** MQTT: the broker refused this driver's login on a reconnect (its token was revoked): nothing more will come. */
  onRefused?(error: BusRefusedError): void;
}

export interface ChannelOptions {
  busUrl: string;
  /** The bus's TLS trust and Kafka login, when it wants them (DESIGN §4.6). */
  busSecurity?: BusSecurity;
  driverId: string;
  /** The driver's token: its MQTT password; on Kafka the root of its request proof and event key. */
  token: string;
  /** Central is known to hold the key: on Kafka the first requests no longer carry it (`enroll`). */
  pinned: boolean;
  purpose: ChannelPurpose;
}

/** The driver's two topics (DESIGN §4.5): events in (subscribed first), requests out. */
export class DriverChannel {
  readonly #bus: Bus;
  readonly #driverId: string;
  readonly #purpose: ChannelPurpose;
  readonly #io: DriverIo;
  /** On Kafka: requests are signed and events sealed (DESIGN §4.5, protocol/driver-keys.ts). */
  readonly #keys: DriverKeys | undefined;
  #pinned: boolean;
  #subscription: Subscription | undefined;
  #closing = false;
  /** Request id → its bytes, until an event answers it. */
  readonly #unanswered = new Map<string, Buffer | string>();

  private constructor(bus: Bus, options: ChannelOptions, io: DriverIo) {
    this.#bus = bus;
    this.#driverId = options.driverId;
    this.#purpose = options.purpose;
    this.#io = io;
    this.#pinned = options.pinned;
    this.#keys = bus.kind === 'kafka' ? keysFromToken(options.driverId, options.token) : undefined;
  }

  /** Connects and subscribes to the driver's events; they go to `inbox` from now on. */
  static async open(
    options: ChannelOptions,
    io: DriverIo,
    inbox: Inbox,
    events: ChannelEvents,
  ): Promise<DriverChannel> {
    const bus = io.createBus(options.busUrl, busIdentity(options.driverId, options.purpose, options.token, options.busSecurity));
    let lost = false;
    const closing = (): boolean => channel.#closing;
    bus.on('error', (error) => {
      // On Kafka a refusal is of the process's Kafka account; on MQTT the login is the driver's own.
      if (error instanceof BusRefusedError && error.loginRefused && bus.kind === 'mqtt' && events.onRefused) return events.onRefused(error);
      events.onNotice(`warning: ${error.message}`);
    });
    bus.on('disconnect', (reason) => {
      if (closing()) return;
      lost = true;
      events.onNotice(`lost the bus at ${bus.url} (${reason}); reconnecting…`);
    });
    bus.on('connect', () => {
      if (lost) {
        events.onNotice(`reconnected to ${bus.url}`);
        channel.#resendUnanswered();
      }
      lost = false;
    });
    const channel = new DriverChannel(bus, options, io);
    const deliver = (event: DriverEvent): void => {
      if ('re' in event && typeof event.re === 'string') channel.#unanswered.delete(event.re);
      inbox.push({ kind: 'event', event, receivedAtMs: io.clock.now() });
    };
    try {
      await bus.connect();
      const topic = topics.driverEvents(options.driverId);
      channel.#subscription = channel.#keys
        ? await bus.subscribe(topic, (delivery) => channel.#openSealed(delivery.payload, deliver, events))
        : await subscribeMessages(bus, topic, driverEvent, deliver);
    } catch (error) {
      await bus.close();
      throw error;
    }
    return channel;
  }

  get busUrl(): string {
    return this.#bus.url;
  }

  /** Publishes a request with a fresh id (Central dedups on it); returns the id. On Kafka it carries its proof. */
  async request<T extends DriverRequest['type']>(type: T, fields: RequestFields<T>, id?: string): Promise<string> {
    const message = makeMessage<DriverRequest>(
      type,
      { ...fields, driverId: this.#driverId, ...(id === undefined ? {} : { id }) } as never,
      () => this.#io.clock.now(),
    );
    const sent = this.#keys ? signRequest(message, this.#keys, !this.#pinned) : message;
    const payload = encodeMessage(sent);
    // Kept until Central answers (`re`): a request the broker took but Central never handled
    // (it died with it) is sent again after the reconnect; Central dedups on the id. An ack has no answer.
    if (type !== 'ack') this.#unanswered.set(message.id, payload);
    await this.#bus.publish(topics.driverRequests(this.#driverId), payload);
    return message.id;
  }

  #resendUnanswered(): void {
    for (const payload of this.#unanswered.values()) {
      this.#bus.publish(topics.driverRequests(this.#driverId), payload).catch(() => undefined);
    }
  }

  /**
   * Kafka: every driver's events share one topic, so Central seals each for its driver. A plain
   * `denied` is let through (Central cannot seal for a driver whose key it lacks); nothing else.
   */
  #openSealed(payload: Uint8Array, deliver: (event: DriverEvent) => void, events: ChannelEvents): void {
    const sealed = parseMessage(sealedEvent, payload);
    if (!sealed.ok) {
      const plain = parseMessage(denied, payload);
      if (plain.ok) return deliver(plain.message);
      return events.onNotice('warning: dropped an event that was not sealed for you');
    }
    const text = openEvent(sealed.message, this.#driverId, this.#keys!);
    if (text === undefined) return events.onNotice('warning: dropped an event sealed with another key (is your --token the one Central has?)');
    const event = parseMessage(driverEvent, text);
    if (!event.ok) return events.onNotice(`warning: dropped a malformed event (${event.reason})`);
    if (!this.#pinned) {
      this.#pinned = true;
      events.onPinned?.();
    }
    deliver(event.message);
  }

  /**
   * The main identity stays subscribed at the broker when it leaves, so events keep being
   * kept for it; a side identity unsubscribes so nothing piles up for it.
   */
  async close(): Promise<void> {
    this.#closing = true;
    try {
      // A lost or refused link has nothing to unsubscribe from (and would fail the close).
      if (this.#purpose !== 'main' && this.#bus.connected) await this.#subscription?.unsubscribe();
    } finally {
      await this.#bus.close();
    }
  }
}
