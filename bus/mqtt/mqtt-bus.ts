import { EventEmitter } from 'node:events';
import type { IClientOptions, IConnackPacket, IPublishPacket, MqttClient } from 'mqtt';
import { loadMqttJs } from './mqtt-js.ts';
import { DEFAULT_MAX_PAYLOAD_BYTES, type Bus, type BusEvents, type BusHandler, type BusOptions, type PublishOptions, type Subscription } from '../bus.ts';
import { mqttMessage } from './mqtt-message.ts';
import { Backoff, type BackoffPolicy } from '../../base/backoff.ts';
import {
  BusClosedError,
  BusNotConnectedError,
  BusRefusedError,
  BusUnreachableError,
  BusUntrustedError,
  isCertificateError,
  BusUrlError,
  CONNACK_REFUSALS,
  PayloadTooLargeError,
} from '../errors.ts';
import { HandlerRegistry } from '../handler-registry.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { reportError } from '../report-error.ts';
import { parseBusUrl } from '../url.ts';
import { noDelayStreamBuilder, type MqttEndpoint } from './stream-builder.ts';
import { subscribeAtBroker, unsubscribeAtBroker } from './broker-subscriptions.ts';
import { UnclaimedMessages } from './unclaimed-messages.ts';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface MqttBusOptions extends BusOptions {
  logger?: Logger;
  /** MQTT keepalive in seconds; a dead link is noticed within 1.5× this. Default 30. */
  keepaliveS?: number;
  /** Reconnect delays. Default 200 ms doubling to 5 s, with jitter. */
  backoff?: Partial<BackoffPolicy>;
  /** TLS options for mqtts:// (ca, cert, key, rejectUnauthorized). */
  tls?: MqttEndpoint['tls'];
}

/**
 * The Bus on MQTT 3.1.1 (mqtt.js): QoS 1 by default, a persistent session keyed by
 * `clientId` (clean: false) so commands and events survive a reconnect (DESIGN §4.4–4.5),
 * TCP_NODELAY, retained messages and a last will, reconnect with backoff.
 */
export class MqttBus extends EventEmitter<BusEvents> implements Bus {
  readonly kind = 'mqtt' as const;
  readonly #endpoint: MqttEndpoint & { url: string };
  readonly #options: MqttBusOptions;
  readonly #logger: Logger;
  readonly #handlers = new HandlerRegistry();
  readonly #brokerSubscriptions = new Map<string, Promise<void>>();
  readonly #unclaimed: UnclaimedMessages;
  readonly #backoff: Backoff;
  readonly #pending = new Set<{ settled: Promise<unknown>; reject: (error: Error) => void }>();
  #client: MqttClient | undefined;
  #connecting: Promise<void> | undefined;
  #connected = false;
  #everConnected = false;
  #closed = false;
  #outageReported = false;

  constructor(url: string, options: MqttBusOptions) {
    super();
    const endpoint = parseBusUrl(url);
    if (endpoint.kind !== 'mqtt') throw new BusUrlError(url, 'MqttBus needs an mqtt:// or mqtts:// URL');
    this.#endpoint = { ...endpoint, tls: options.tls };
    this.#options = { ...options, username: options.username ?? endpoint.username, password: options.password ?? endpoint.password };
    this.#logger = options.logger ?? silentLogger;
    this.#backoff = new Backoff(options.backoff);
    this.#unclaimed = new UnclaimedMessages(1000, (message) =>
      this.#logger.warn({ topic: message.topic }, 'dropped an unclaimed message: no subscriber for it'),
    );
  }

  get url(): string {
    return this.#endpoint.url;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get clientId(): string {
    return this.#options.clientId;
  }

  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new BusClosedError('connect'));
    this.#connecting ??= this.#connectFirstTime();
    return this.#connecting;
  }

  async publish(topic: string, payload: Buffer | string, options: PublishOptions = {}): Promise<void> {
    const client = this.#usableClient(`publish to ${topic}`);
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    const limit = this.#options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    if (body.length > limit) throw new PayloadTooLargeError(topic, body.length, limit);
    await this.#track(
      new Promise<void>((resolve, reject) => {
        client.publish(topic, body, { qos: options.qos ?? 1, retain: options.retain ?? false }, (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    );
  }

  async subscribe(pattern: string, handler: BusHandler): Promise<Subscription> {
    const client = this.#usableClient(`subscribe to ${pattern}`);
    const registration = this.#handlers.add(pattern, handler);
    // A returning session's backlog may have arrived before this subscribe: hand it over first, in order.
    for (const message of this.#unclaimed.claim(pattern)) {
      HandlerRegistry.invoke(handler, message, (error) => reportError(this, error, this.#logger));
    }
    let atBroker = this.#brokerSubscriptions.get(pattern);
    if (!atBroker) {
      atBroker = this.#track(subscribeAtBroker(client, [pattern]));
      this.#brokerSubscriptions.set(pattern, atBroker);
    }
    try {
      await atBroker;
    } catch (error) {
      if (registration.remove()) this.#brokerSubscriptions.delete(pattern);
      throw error;
    }
    return {
      unsubscribe: async () => {
        if (!registration.remove()) return;
        this.#brokerSubscriptions.delete(pattern);
        if (this.#client && !this.#closed) await this.#track(unsubscribeAtBroker(this.#client, [pattern]));
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const client = this.#client;
    if (!client) return;
    // Give acks in flight a moment, then fail what is left rather than hang on a dead broker.
    if (this.#pending.size > 0 && client.connected) {
      await Promise.race([Promise.allSettled([...this.#pending].map((entry) => entry.settled)), delay(1000)]);
    }
    const unfinished = this.#pending.size > 0;
    for (const entry of this.#pending) entry.reject(new BusClosedError('pending operation'));
    this.#pending.clear();
    client.options.reconnectPeriod = 0;
    // A clean DISCONNECT tells the broker not to publish the will.
    await new Promise<void>((resolve) => client.end(unfinished || !client.connected, {}, () => resolve()));
    this.#unclaimed.clear();
    if (this.#connected) {
      this.#connected = false;
      this.emit('disconnect', 'closed');
    }
  }

  #connectFirstTime(): Promise<void> {
    const timeoutMs = this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const client = this.#createClient(timeoutMs);
    this.#client = client;
    return new Promise<void>((resolve, reject) => {
      let lastError: Error | undefined;
      const fail = (error: Error): void => {
        clearTimeout(timer);
        client.removeListener('error', onError);
        this.removeListener('connect', onConnect);
        this.#client = undefined;
        this.#connecting = undefined;
        // An abandoned client must never reconnect: it would come back under the same client
        // id and take the session over from the next attempt's client.
        client.options.reconnectPeriod = 0;
        // A CONNACK can still arrive on the abandoned socket after end(): mqtt.js then emits
        // 'connect' without setting connackPacket and its own resubscribe listener throws
        // (seen when a slow broker answered just after the connect timeout).
        client.removeAllListeners('connect');
        client.on('error', () => {});
        client.end(true);
        reject(error);
      };
      const onError = (error: Error & { code?: unknown }): void => {
        const refusal = typeof error.code === 'number' ? CONNACK_REFUSALS[error.code] : undefined;
        if (refusal) fail(new BusRefusedError(this.url, refusal));
        else if (isCertificateError(error)) fail(new BusUntrustedError(this.url, error.message));
        else lastError = error;
      };
      const onConnect = (): void => {
        clearTimeout(timer);
        client.removeListener('error', onError);
        resolve();
      };
      const timer = setTimeout(() => fail(new BusUnreachableError(this.url, timeoutMs, lastError?.message)), timeoutMs);
      client.on('error', onError);
      this.once('connect', onConnect);
    });
  }

  #createClient(timeoutMs: number): MqttClient {
    const { clientId, username, password, will, keepaliveS } = this.#options;
    const options: IClientOptions = {
      clientId,
      clean: false,
      protocolVersion: 4,
      keepalive: keepaliveS ?? 30,
      connectTimeout: timeoutMs,
      reconnectPeriod: this.#backoff.initialMs,
      // A refused login (e.g. Central restarting its store) is retried too, until close().
      reconnectOnConnackError: true,
      // Re-subscribing after a lost session is done here, before 'connect' is announced.
      resubscribe: false,
      // Not manualConnect: with it, mqtt.js clears `disconnecting` once end() completes and a
      // late socket 'close' re-arms the reconnect timer of a client that was ended.
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: will.retain ?? true } } : {}),
    };
    // Connects at once; the listeners below are attached before any event can fire.
    const { MqttClient } = loadMqttJs();
    const client = new MqttClient(noDelayStreamBuilder(this.#endpoint), options);
    client.on('connect', (connack) => void this.#onConnect(client, connack));
    client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
    client.on('close', () => this.#onClose());
    client.on('error', (error) => this.#onError(error));
    // mqtt.js retries on a fixed period and re-arms its timer from options on each close.
    client.on('reconnect', () => {
      client.options.reconnectPeriod = this.#backoff.next();
    });
    return client;
  }

  async #onConnect(client: MqttClient, connack: IConnackPacket): Promise<void> {
    this.#backoff.reset();
    client.options.reconnectPeriod = this.#backoff.initialMs;
    this.#outageReported = false;
    const patterns = [...this.#brokerSubscriptions.keys()];
    if (!connack.sessionPresent && this.#everConnected && patterns.length > 0) {
      // The broker lost our session (e.g. restarted without persistence): subscribe again
      // before announcing 'connect', so "connected" always means "subscriptions live".
      try {
        await subscribeAtBroker(client, patterns);
      } catch (error) {
        reportError(this, error as Error, this.#logger);
      }
    }
    if (this.#closed || this.#client !== client || !client.connected) return;
    this.#everConnected = true;
    this.#connected = true;
    this.#logger.info({ url: this.url, clientId: this.clientId, sessionPresent: connack.sessionPresent }, 'bus connected');
    this.emit('connect');
  }

  #onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const message = mqttMessage(topic, payload, packet.retain);
    const called = this.#handlers.dispatch(message, (error) => reportError(this, error, this.#logger));
    if (called === 0) this.#unclaimed.hold(message);
  }

  #onClose(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#logger.warn({ url: this.url, clientId: this.clientId }, 'bus disconnected; reconnecting');
    this.emit('disconnect', 'connection lost');
  }

  #onError(error: Error & { code?: unknown }): void {
    if (!this.#everConnected || this.#closed || this.#outageReported) return;
    this.#outageReported = true;
    // A login refused on reconnect (a revoked driver, a reset CP secret) says so, not just mqtt.js's words.
    const refusal = typeof error.code === 'number' ? CONNACK_REFUSALS[error.code] : undefined;
    reportError(this, refusal ? new BusRefusedError(this.url, refusal) : error, this.#logger);
  }

  #usableClient(what: string): MqttClient {
    if (this.#closed) throw new BusClosedError(what);
    if (!this.#client) throw new BusNotConnectedError(what);
    return this.#client;
  }

  /** Tracks an operation so close() can fail it instead of leaving it hanging. */
  #track<T>(operation: Promise<T>): Promise<T> {
    let rejectEarly!: (error: Error) => void;
    const early = new Promise<never>((_, reject) => {
      rejectEarly = reject;
    });
    const settled = Promise.race([operation, early]);
    const entry = { settled, reject: rejectEarly };
    this.#pending.add(entry);
    return settled.finally(() => this.#pending.delete(entry));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
