import type { EventEmitter } from 'node:events';

/** One delivered message. `topic` is always the MQTT-style name (DESIGN §4.4), whatever the bus. */
export interface BusMessage {
  topic: string;
  payload: Buffer;
  /** Kafka record key (CP or driver id); on MQTT the owner segment of the topic. */
  key?: string;
  /** True for an MQTT retained message delivered on subscribe. */
  retained?: boolean;
}

export interface PublishOptions {
  /** Kafka record key; defaults to the owner segment of an `evc/...` topic. */
  key?: string;
  /** MQTT retain flag (Kafka: ignored — Kafka keeps every record anyway). */
  retain?: boolean;
  /** Default 1 (DESIGN §4.4: QoS 1 for cmd/events). */
  qos?: 0 | 1;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface BusEvents {
  /** Connected (or reconnected) to the broker. */
  connect: [];
  /** Lost the broker; the bus keeps trying to reconnect until closed. */
  disconnect: [reason: string];
  /** A non-fatal problem: a malformed payload dropped, a handler that threw, a failed reconnect. */
  error: [error: Error];
}

/** DESIGN §4.6 bus URL kinds, resolved by `createBus`. */
export type BusKind = 'mqtt' | 'kafka';

export interface Bus extends EventEmitter<BusEvents> {
  readonly kind: BusKind;
  /** The URL it was created from, without credentials. */
  readonly url: string;
  readonly connected: boolean;
  /** Resolves once connected; rejects with a clear error when no broker answers (within 5 s). */
  connect(): Promise<void>;
  /** Resolves once the broker has it (MQTT PUBACK at QoS 1; Kafka ack). */
  publish(topic: string, payload: Buffer | string, options?: PublishOptions): Promise<void>;
  /** `pattern` uses MQTT wildcards (`+`, `#`) on MQTT-style names, on every bus kind. */
  subscribe(pattern: string, handler: BusHandler): Promise<Subscription>;
  /** Stops reconnecting, flushes what is queued, releases sockets and timers. */
  close(): Promise<void>;
}

/** The largest payload a bus publishes unless told otherwise (`BusOptions.maxPayloadBytes`). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

export interface BusOptions {
  /** MQTT client id (persistent session key) / Kafka client id. */
  clientId: string;
  username?: string;
  password?: string;
  /**
   * Kafka consumer group; a consumer that returns to the same group gets what it missed.
   * MQTT: ignored (the persistent session of `clientId` plays that role).
   */
  groupId?: string;
  /** MQTT last will (DESIGN §4.4: `evc/cp/{id}/online` → `false`, retained). */
  will?: { topic: string; payload: string; retain?: boolean };
  /** Ms to wait for the first connection before `connect()` rejects. Default 5000. */
  connectTimeoutMs?: number;
  /** Largest payload accepted for publish, bytes. Default 256 KiB. */
  maxPayloadBytes?: number;
}
