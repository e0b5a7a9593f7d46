import { subscribeMessages, type Bus, type CreateBusOptions, type Subscription } from '../../bus/index.ts';
import { driverEvent, encodeMessage, makeMessage, topics, type DriverRequest } from '../../protocol/index.ts';
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

export function busIdentity(driverId: string, purpose: ChannelPurpose, token?: string): CreateBusOptions {
  const suffix = purpose === 'main' ? '' : `.${purpose}`;
  return {
    clientId: `${driverId}${suffix}`,
    groupId: `evc-driver-${driverId}${suffix}`,
    username: driverId,
    ...(token === undefined ? {} : { password: token }),
  };
}

type RequestFields<T extends DriverRequest['type']> = Omit<Extract<DriverRequest, { type: T }>, 'type' | 'id' | 'ts' | 'driverId'>;

export interface ChannelEvents {
  /** A malformed event was dropped, the link was lost, or came back. */
  onNotice(text: string): void;
}

/** The driver's two topics (DESIGN §4.5): events in (subscribed first), requests out. */
export class DriverChannel {
  readonly #bus: Bus;
  readonly #driverId: string;
  readonly #purpose: ChannelPurpose;
  readonly #io: DriverIo;
  #subscription: Subscription | undefined;
  #closing = false;

  private constructor(bus: Bus, driverId: string, purpose: ChannelPurpose, io: DriverIo) {
    this.#bus = bus;
    this.#driverId = driverId;
    this.#purpose = purpose;
    this.#io = io;
  }

  /** Connects and subscribes to the driver's events; they go to `inbox` from now on. */
  static async open(
    options: { busUrl: string; driverId: string; token?: string; purpose: ChannelPurpose },
    io: DriverIo,
    inbox: Inbox,
    events: ChannelEvents,
  ): Promise<DriverChannel> {
    const bus = io.createBus(options.busUrl, busIdentity(options.driverId, options.purpose, options.token));
    let lost = false;
    const closing = (): boolean => channel.#closing;
    bus.on('error', (error) => events.onNotice(`warning: ${error.message}`));
    bus.on('disconnect', (reason) => {
      if (closing()) return;
      lost = true;
      events.onNotice(`lost the bus at ${bus.url} (${reason}); reconnecting…`);
    });
    bus.on('connect', () => {
      if (lost) events.onNotice(`reconnected to ${bus.url}`);
      lost = false;
    });
    const channel = new DriverChannel(bus, options.driverId, options.purpose, io);
    try {
      await bus.connect();
      channel.#subscription = await subscribeMessages(bus, topics.driverEvents(options.driverId), driverEvent, (event) => {
        inbox.push({ kind: 'event', event, receivedAtMs: io.clock.now() });
      });
    } catch (error) {
      await bus.close();
      throw error;
    }
    return channel;
  }

  get busUrl(): string {
    return this.#bus.url;
  }

  /** Publishes a request with a fresh id (Central dedups on it); returns the id. */
  async request<T extends DriverRequest['type']>(type: T, fields: RequestFields<T>, id?: string): Promise<string> {
    const message = makeMessage<DriverRequest>(
      type,
      { ...fields, driverId: this.#driverId, ...(id === undefined ? {} : { id }) } as never,
      () => this.#io.clock.now(),
    );
    await this.#bus.publish(topics.driverRequests(this.#driverId), encodeMessage(message));
    return message.id;
  }

  /**
   * The main identity stays subscribed at the broker when it leaves, so events keep being
   * kept for it; a side identity unsubscribes so nothing piles up for it.
   */
  async close(): Promise<void> {
    this.#closing = true;
    try {
      if (this.#purpose !== 'main') await this.#subscription?.unsubscribe();
    } finally {
      await this.#bus.close();
    }
  }
}
