import { EventEmitter } from 'node:events';
import type { Aedes, AedesPublishPacket } from 'aedes';
import type { AedesPersistence } from 'aedes-persistence';
import { DEFAULT_MAX_PAYLOAD_BYTES, type Bus, type BusEvents, type BusHandler, type BusMessage, type PublishOptions, type Subscription } from '../bus.ts';
import { mqttMessage } from '../mqtt/mqtt-message.ts';
import { BusClosedError, BusNotConnectedError, PayloadTooLargeError } from '../errors.ts';
import { HandlerRegistry } from '../handler-registry.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { reportError } from '../report-error.ts';

type Deliver = (packet: AedesPublishPacket, done: () => void) => void;

export interface InProcessBusOptions {
  /** Where a client on this machine reaches the broker (what `url` reports). */
  url: string;
  /** The broker's persistence, for the retained messages a new subscription is handed. */
  persistence: AedesPersistence;
  logger?: Logger;
  maxPayloadBytes?: number;
}

/**
 * Central's own end of the broker it embeds: publishes and subscriptions go straight into
 * aedes, with no MQTT client, socket or packet parsing in between (each message used to be
 * encoded, written to loopback and parsed twice). What the remote clients see is unchanged:
 * aedes routes these publishes like any other, QoS, retained flags and offline queues included.
 * Central's role may publish and subscribe anywhere (acl.ts), so no ACL hook is asked.
 */
export class InProcessBus extends EventEmitter<BusEvents> implements Bus {
  readonly kind = 'mqtt' as const;
  readonly url: string;
  readonly #aedes: Aedes;
  readonly #persistence: AedesPersistence;
  readonly #logger: Logger;
  readonly #maxPayloadBytes: number;
  readonly #handlers = new HandlerRegistry();
  readonly #atBroker = new Map<string, Deliver>();
  #connected = false;
  #closed = false;

  constructor(aedes: Aedes, options: InProcessBusOptions) {
    super();
    this.#aedes = aedes;
    this.#persistence = options.persistence;
    this.url = options.url;
    this.#logger = options.logger ?? silentLogger;
    this.#maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async connect(): Promise<void> {
    if (this.#closed) throw new BusClosedError('connect');
    if (this.#connected) return;
    this.#connected = true;
    this.emit('connect');
  }

  async publish(topic: string, payload: Buffer | string, options: PublishOptions = {}): Promise<void> {
    this.#assertUsable(`publish to ${topic}`);
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    if (body.length > this.#maxPayloadBytes) throw new PayloadTooLargeError(topic, body.length, this.#maxPayloadBytes);
    const packet = { cmd: 'publish', topic, payload: body, qos: options.qos ?? 1, retain: options.retain ?? false, dup: false } as AedesPublishPacket;
    await new Promise<void>((resolve, reject) => this.#aedes.publish(packet, (error) => (error ? reject(error) : resolve())));
  }

  async subscribe(pattern: string, handler: BusHandler): Promise<Subscription> {
    this.#assertUsable(`subscribe to ${pattern}`);
    const registration = this.#handlers.add(pattern, handler);
    if (registration.first) {
      const deliver: Deliver = (packet, done) => {
        this.#dispatch(pattern, packet, false);
        done();
      };
      this.#atBroker.set(pattern, deliver);
      await new Promise<void>((resolve) => this.#aedes.subscribe(pattern, deliver, () => resolve()));
    }
    // As a broker does on SUBSCRIBE: what is retained under the pattern, to this handler.
    for await (const packet of this.#retained(pattern)) {
      HandlerRegistry.invoke(handler, this.#message(packet, true), (error) => reportError(this, error, this.#logger));
    }
    return {
      unsubscribe: async () => {
        if (registration.remove()) await this.#unsubscribeAtBroker(pattern);
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#connected = false;
    await Promise.all([...this.#atBroker.keys()].map((pattern) => this.#unsubscribeAtBroker(pattern)));
  }

  #dispatch(pattern: string, packet: AedesPublishPacket, retained: boolean): void {
    if (this.#closed) return;
    const message = this.#message(packet, retained);
    // Each pattern has its own aedes subscription: deliver to that pattern's handlers only, once.
    this.#handlers.dispatchTo(pattern, message, (error) => reportError(this, error, this.#logger));
  }

  #message(packet: AedesPublishPacket, retained: boolean): BusMessage {
    return mqttMessage(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload), retained);
  }

  #retained(pattern: string): AsyncIterable<AedesPublishPacket> {
    return this.#persistence.createRetainedStream(pattern) as AsyncIterable<AedesPublishPacket>;
  }

  async #unsubscribeAtBroker(pattern: string): Promise<void> {
    const deliver = this.#atBroker.get(pattern);
    if (!deliver) return;
    this.#atBroker.delete(pattern);
    await new Promise<void>((resolve) => this.#aedes.unsubscribe(pattern, deliver, () => resolve()));
  }

  #assertUsable(what: string): void {
    if (this.#closed) throw new BusClosedError(what);
    if (!this.#connected) throw new BusNotConnectedError(what);
  }
}
