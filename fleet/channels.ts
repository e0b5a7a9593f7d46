import { randomUUID } from 'node:crypto';
import { createBus, parseBusUrl, type Bus, type BusMessage, type BusSecurity, type Subscription } from '../bus/index.ts';
import { parseTopic, patterns, topics } from '../protocol/index.ts';

/** One simulated party's end of a bus: a CP on the device bus, a driver on the driver bus. */
export interface Endpoint {
  readonly connected: boolean;
  publish(topic: string, payload: Buffer | string, options?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface AttachOptions {
  /** The CP or driver id. */
  id: string;
  /** Its secret (CP) or token (driver): the MQTT password. */
  secret: string;
  /** Messages on its own inbound topic (`evc/cp/{id}/cmd`, `evc/drivers/{id}/events`). */
  onMessage: (message: BusMessage) => void;
  /** The bus dropped (it reconnects by itself). */
  onDrop: (reason: string) => void;
}

/**
 * Hands each simulated party its bus endpoint. On MQTT each is its own client with its own
 * login and persistent session (and, for a CP, its last will: DESIGN §4.4), as the real
 * Engine and driver CLI are; on Kafka, where a party has no login of its own, one shared
 * client serves every party of one kind in this process.
 */
export interface Channels {
  attach(options: AttachOptions): Promise<Endpoint>;
  close(): Promise<void>;
}

export type Party = 'cp' | 'driver';

export function channelsFor(party: Party, url: string, groupId: string, security: BusSecurity = {}): Channels {
  return parseBusUrl(url).kind === 'kafka' ? new SharedKafkaChannels(party, url, groupId, security) : new PerPartyMqttChannels(party, url, security);
}

function mqttIdentity(party: Party, id: string, secret: string) {
  if (party === 'driver') return { clientId: id, username: id, password: secret };
  return {
    clientId: `${id}.engine`,
    username: id,
    password: secret,
    will: { topic: topics.cpOnline(id), payload: 'false', retain: true },
  };
}

/**
 * MQTT logins in flight at once, per fleet process. A fleet runs from one address, and the
 * embedded broker refuses more than 64 not-yet-logged-in connections per address (a flood
 * guard); real CPs come from as many addresses as there are CPs.
 */
const MAX_PENDING_LOGINS = 30;

class LoginGate {
  #free = MAX_PENDING_LOGINS;
  readonly #waiting: (() => void)[] = [];

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

const logins = new LoginGate();

const inboundTopic = (party: Party, id: string): string => (party === 'cp' ? topics.cpCommands(id) : topics.driverEvents(id));

class PerPartyMqttChannels implements Channels {
  readonly #party: Party;
  readonly #url: string;
  readonly #security: BusSecurity;
  readonly #buses = new Set<Bus>();

  constructor(party: Party, url: string, security: BusSecurity) {
    this.#party = party;
    this.#url = url;
    this.#security = security;
  }

  async attach({ id, secret, onMessage, onDrop }: AttachOptions): Promise<Endpoint> {
    const bus = createBus(this.#url, { ...this.#security, ...mqttIdentity(this.#party, id, secret), connectTimeoutMs: 15_000 });
    bus.on('disconnect', (reason) => onDrop(reason));
    bus.on('error', () => undefined); // drops are counted through 'disconnect'; a fleet does not log per party
    try {
      await logins.run(() => bus.connect());
      await bus.subscribe(inboundTopic(this.#party, id), onMessage);
    } catch (error) {
      await bus.close().catch(() => undefined);
      throw error;
    }
    this.#buses.add(bus);
    return {
      get connected() {
        return bus.connected;
      },
      publish: (topic, payload, options) => bus.publish(topic, payload, options),
      close: async () => {
        this.#buses.delete(bus);
        await bus.close();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#buses].map((bus) => bus.close().catch(() => undefined)));
    this.#buses.clear();
  }
}

class SharedKafkaChannels implements Channels {
  readonly #party: Party;
  readonly #bus: Bus;
  readonly #routes = new Map<string, (message: BusMessage) => void>();
  #ready: Promise<Subscription> | undefined;

  constructor(party: Party, url: string, groupId: string, security: BusSecurity) {
    this.#party = party;
    this.#bus = createBus(url, { ...security, clientId: `evc-fleet-${party}-${randomUUID().slice(0, 8)}`, groupId: `${groupId}-${party}` });
    this.#bus.on('error', () => undefined);
  }

  async attach({ id, onMessage }: AttachOptions): Promise<Endpoint> {
    this.#routes.set(id, onMessage);
    const pattern = this.#party === 'cp' ? patterns.allCpCommands : patterns.allDriverEvents;
    this.#ready ??= this.#bus.connect().then(() =>
      this.#bus.subscribe(pattern, (message) => {
        const owner = message.key ?? parseTopic(message.topic)?.owner;
        if (owner !== undefined) this.#routes.get(owner)?.(message);
      }),
    );
    try {
      await this.#ready;
    } catch (error) {
      this.#ready = undefined;
      throw error;
    }
    const bus = this.#bus;
    return {
      get connected() {
        return bus.connected;
      },
      publish: (topic, payload, options) => bus.publish(topic, payload, options),
      close: async () => void this.#routes.delete(id),
    };
  }

  async close(): Promise<void> {
    await this.#bus.close();
  }
}
