import { EventEmitter } from 'node:events';
import type { Admin, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { fromKafka, toKafka } from '../../protocol/index.ts';
import { DEFAULT_MAX_PAYLOAD_BYTES, type Bus, type BusEvents, type BusHandler, type BusMessage, type BusOptions, type PublishOptions, type Subscription } from '../bus.ts';
import {
  BusClosedError,
  BusNotConnectedError,
  BusRefusedError,
  BusUnreachableError,
  BusUntrustedError,
  BusUrlError,
  PayloadTooLargeError,
} from '../errors.ts';
import { HandlerRegistry } from '../handler-registry.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { reportError } from '../report-error.ts';
import { parseBusUrl, type KafkaEndpoint } from '../url.ts';
import { BrokerWatch } from './broker-watch.ts';
import { describeConnectFailure, sendThroughOutage } from './kafka-errors.ts';
import { createKafkaClient, type KafkaLogin, type KafkaTls } from './kafka-client.ts';
import { DEFAULT_TOPIC_LAYOUT, ensureTopics, type TopicLayout } from './admin-ops.ts';
import { PublishBatcher } from './publish-batcher.ts';
import { TopicConsumer } from './topic-consumer.ts';
import { BUS_TOPICS, kafkaTopicsFor } from './topic-map.ts';

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface KafkaBusOptions extends BusOptions {
  logger?: Logger;
  topicLayout?: TopicLayout;
  /** The SASL login when the URL says `?sasl=` (it wins over a login in the URL). */
  kafkaLogin?: KafkaLogin;
  /** Trust and client certificate when the URL says `?tls=true` (default: the system's CAs). */
  tls?: KafkaTls;
}

/**
 * The Bus on Apache Kafka (kafkajs). Handlers see MQTT-style names: `evc/cp/CP1/events`
 * travels as topic `evc.cp.events`, key `CP1` (protocol/topics.ts), so one key keeps its
 * order on one partition.
 *
 * Consumer groups: each Kafka topic a bus reads gets its own consumer and group,
 * `${groupId}.${kafkaTopic}` (groupId defaults to `evc-${clientId}`), so subscribing to a
 * new topic never stops the others. A group that was away resumes from its committed
 * offsets and gets what it missed; a brand-new group starts where it subscribed and does
 * not replay history (DESIGN §4.5). MQTT's retain and QoS options do not apply.
 */
export class KafkaBus extends EventEmitter<BusEvents> implements Bus {
  readonly kind = 'kafka' as const;
  readonly #url: string;
  readonly #endpoint: KafkaEndpoint;
  readonly #options: KafkaBusOptions;
  readonly #logger: Logger;
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  readonly #producer: Producer;
  readonly #batcher: PublishBatcher;
  readonly #handlers = new HandlerRegistry();
  readonly #consumers = new Map<string, Promise<TopicConsumer>>();
  readonly #topicsReady = new Map<string, Promise<void>>();
  #connecting: Promise<void> | undefined;
  readonly #watch: BrokerWatch;
  #brokerLost = false;
  /** Every consumer crash is followed by a re-join before the bus counts as connected again. */
  #awaitingJoin = false;
  #ready = false;
  #connected = false;
  #closed = false;

  constructor(url: string, options: KafkaBusOptions) {
    super();
    const endpoint = parseBusUrl(url);
    if (endpoint.kind !== 'kafka') throw new BusUrlError(url, 'KafkaBus needs a kafka:// URL');
    this.#url = endpoint.url;
    this.#endpoint = endpoint;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    const client = createKafkaClient(url, endpoint, { ...options, logger: this.#logger });
    this.#kafka = client.kafka;
    this.#admin = client.admin;
    this.#producer = client.producer;
    this.#watch = new BrokerWatch({
      brokers: endpoint.brokers,
      onLost: (reason) => this.#onBrokerLost(reason),
      onBack: () => this.#onBrokerBack(),
    });
    const outage = { closed: () => this.#closed, brokerLost: () => this.#brokerLost, logger: this.#logger };
    this.#batcher = new PublishBatcher((topicMessages) => sendThroughOutage(() => this.#producer.sendBatch({ topicMessages, acks: -1 }), outage));
  }

  get url(): string {
    return this.#url;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get groupId(): string {
    return this.#options.groupId ?? `evc-${this.#options.clientId}`;
  }

  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new BusClosedError('connect'));
    this.#connecting ??= this.#connectFirstTime().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  async publish(topic: string, payload: Buffer | string, options: PublishOptions = {}): Promise<void> {
    this.#assertUsable(`publish to ${topic}`);
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    const limit = this.#options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    if (body.length > limit) throw new PayloadTooLargeError(topic, body.length, limit);
    const record = toKafka(topic);
    await this.#ensureTopic(record.topic);
    await this.#batcher.send(record.topic, options.key ?? record.key, body);
  }

  async subscribe(pattern: string, handler: BusHandler): Promise<Subscription> {
    this.#assertUsable(`subscribe to ${pattern}`);
    const topics = kafkaTopicsFor(pattern);
    const registration = this.#handlers.add(pattern, handler);
    try {
      await Promise.all(topics.map((topic) => this.#consumerFor(topic)));
    } catch (error) {
      registration.remove();
      await this.#stopUnusedConsumers();
      throw error;
    }
    return {
      unsubscribe: async () => {
        if (registration.remove()) await this.#stopUnusedConsumers();
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watch.stop();
    await this.#batcher.close(2000);
    const consumers = await Promise.allSettled([...this.#consumers.values()]);
    this.#consumers.clear();
    await Promise.allSettled(consumers.flatMap((result) => (result.status === 'fulfilled' ? [result.value.stop()] : [])));
    await Promise.allSettled([this.#producer.disconnect(), this.#admin.disconnect()]);
    if (this.#connected) {
      this.#connected = false;
      this.emit('disconnect', 'closed');
    }
  }

  async #connectFirstTime(): Promise<void> {
    const timeoutMs = this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusUnreachableError(this.url, timeoutMs)), timeoutMs);
    });
    const work = (async () => {
      await this.#admin.connect();
      await ensureTopics(this.#admin, [...BUS_TOPICS], this.#layout);
      for (const topic of BUS_TOPICS) this.#topicsReady.set(topic, Promise.resolve());
      await this.#producer.connect();
    })();
    const startedAt = Date.now();
    try {
      await Promise.race([work, timedOut]);
    } catch (error) {
      work.catch(() => {});
      await Promise.allSettled([this.#producer.disconnect(), this.#admin.disconnect()]);
      if (error instanceof BusUnreachableError) throw error;
      const failure = describeConnectFailure(error, this.#endpoint);
      if (failure.kind === 'refused') throw new BusRefusedError(this.url, failure.reason);
      if (failure.kind === 'untrusted') throw new BusUntrustedError(this.url, failure.reason);
      throw new BusUnreachableError(this.url, Date.now() - startedAt, failure.reason);
    } finally {
      clearTimeout(timer);
    }
    if (this.#closed) throw new BusClosedError('connect');
    this.#ready = true;
    this.#connected = true;
    this.#watch.start();
    this.#logger.info({ url: this.url, clientId: this.#options.clientId }, 'bus connected');
    this.emit('connect');
  }

  get #layout(): TopicLayout {
    return this.#options.topicLayout ?? DEFAULT_TOPIC_LAYOUT;
  }

  #ensureTopic(topic: string): Promise<void> {
    let ready = this.#topicsReady.get(topic);
    if (!ready) {
      ready = ensureTopics(this.#admin, [topic], this.#layout);
      this.#topicsReady.set(topic, ready);
      ready.catch(() => this.#topicsReady.delete(topic));
    }
    return ready;
  }

  #consumerFor(topic: string): Promise<TopicConsumer> {
    let consumer = this.#consumers.get(topic);
    if (!consumer) {
      consumer = this.#startConsumer(topic);
      this.#consumers.set(topic, consumer);
      consumer.catch(() => this.#consumers.delete(topic));
    }
    return consumer;
  }

  async #startConsumer(topic: string): Promise<TopicConsumer> {
    await this.#ensureTopic(topic);
    const consumer = new TopicConsumer({
      kafka: this.#kafka,
      admin: this.#admin,
      groupId: `${this.groupId}.${topic}`,
      topic,
      logger: this.#logger,
      onRecord: (payload) => this.#onRecord(payload),
      onCrash: (error, restarting) => this.#onCrash(error, restarting),
      onJoin: () => this.#onJoin(),
    });
    await consumer.start();
    return consumer;
  }

  async #stopUnusedConsumers(): Promise<void> {
    const inUse = new Set(this.#handlers.patterns.flatMap((pattern) => kafkaTopicsFor(pattern)));
    const stopping: Array<Promise<void>> = [];
    for (const [topic, consumer] of this.#consumers) {
      if (inUse.has(topic)) continue;
      this.#consumers.delete(topic);
      stopping.push(consumer.then((started) => started.stop()).catch(() => {}));
    }
    await Promise.all(stopping);
  }

  #onRecord({ topic, message }: EachMessagePayload): void {
    const key = message.key?.toString('utf8');
    const delivery: BusMessage = { topic: fromKafka(topic, key), payload: message.value ?? Buffer.alloc(0) };
    if (key !== undefined) delivery.key = key;
    this.#handlers.dispatch(delivery, (error) => reportError(this, error, this.#logger));
  }

  #onCrash(error: Error, restarting: boolean): void {
    if (this.#closed) return;
    // A crash kafkajs restarts from (the broker went away) is an outage, told as a disconnect.
    this.#awaitingJoin = true;
    if (restarting) this.#logger.warn({ err: error.message }, 'kafka consumer crashed; restarting');
    else reportError(this, error, this.#logger);
    if (this.#connected) {
      this.#connected = false;
      this.emit('disconnect', `consumer crashed: ${error.message}${restarting ? '; restarting' : ''}`);
    }
  }

  #onBrokerLost(reason: string): void {
    this.#brokerLost = true;
    if (this.#closed || !this.#connected) return;
    this.#connected = false;
    this.emit('disconnect', reason);
  }

  #onBrokerBack(): void {
    this.#brokerLost = false;
    this.#announceConnected();
  }

  #onJoin(): void {
    this.#awaitingJoin = false;
    this.#announceConnected();
  }

  /** Connected again once the broker answers and no crashed consumer still waits to re-join its group. */
  #announceConnected(): void {
    if (this.#closed || this.#connected || !this.#ready || this.#brokerLost || this.#awaitingJoin) return;
    this.#connected = true;
    this.emit('connect');
  }

  #assertUsable(what: string): void {
    if (this.#closed) throw new BusClosedError(what);
    if (!this.#ready) throw new BusNotConnectedError(what);
  }
}
