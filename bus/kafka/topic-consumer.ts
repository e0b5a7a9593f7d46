import type { Admin, Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from '../../base/logger.ts';
import { uncommittedEndOffsets } from './admin-ops.ts';

export interface TopicConsumerOptions {
  kafka: Kafka;
  admin: Admin;
  groupId: string;
  topic: string;
  logger: Logger;
  /** Called in partition order; not awaited by the caller's handlers (see HandlerRegistry). */
  onRecord: (payload: EachMessagePayload) => void;
  /** The consumer crashed; kafkajs restarts it when `restarting`. */
  onCrash: (error: Error, restarting: boolean) => void;
  /** Joined (or re-joined after a crash) its group. */
  onJoin: () => void;
  joinTimeoutMs?: number;
}

/**
 * One kafkajs consumer (and consumer group) for one Kafka topic. kafkajs cannot add a
 * topic to a running consumer; one consumer per topic lets the bus subscribe to a new
 * topic at any time without stopping (and re-balancing) the others.
 */
export class TopicConsumer {
  readonly #options: TopicConsumerOptions;
  #consumer: Consumer | undefined;

  constructor(options: TopicConsumerOptions) {
    this.#options = options;
  }

  get groupId(): string {
    return this.#options.groupId;
  }

  /** Resolves once the group is joined: every record published after that is delivered. */
  async start(): Promise<void> {
    try {
      await this.#start();
    } catch (error) {
      await this.stop().catch(() => {});
      throw error;
    }
  }

  async #start(): Promise<void> {
    const { kafka, admin, groupId, topic, logger } = this.#options;
    let pinned: Map<number, string> | undefined = await uncommittedEndOffsets(admin, groupId, topic);
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1000,
      // Bounds how long stop() waits for an idle long-poll; data is returned at once.
      maxWaitTimeInMs: 500,
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 5, restartOnFailure: async () => true },
    });
    this.#consumer = consumer;
    let joined!: () => void;
    const joinedOnce = new Promise<void>((resolve) => (joined = resolve));
    const seeked: Array<{ topic: string; partition: number; offset: string }> = [];
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      // Runs synchronously inside the join, before the first fetch, so a new group reads
      // from where it subscribed and never from a later "latest".
      for (const partition of payload.memberAssignment[topic] ?? []) {
        const offset = pinned?.get(partition);
        if (offset === undefined) continue;
        consumer.seek({ topic, partition, offset });
        seeked.push({ topic, partition, offset });
      }
      pinned = undefined;
      joined();
      this.#options.onJoin();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.#options.onCrash(payload.error, payload.restart));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({ eachMessage: async (payload) => this.#options.onRecord(payload) });
    const timeoutMs = this.#options.joinTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`consumer group ${groupId} did not join within ${timeoutMs} ms (topic ${topic})`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([joinedOnce, timedOut]);
    } finally {
      clearTimeout(timer);
    }
    // Commit the starting point now: a bus that subscribes and leaves before anything
    // arrives must still find it when it returns (DESIGN §4.5 "gets the events it missed").
    if (seeked.length > 0) await consumer.commitOffsets(seeked);
    logger.debug({ groupId, topic }, 'kafka consumer joined');
  }

  /** Leaves the group, committing what was delivered. */
  async stop(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    await consumer?.disconnect();
  }
}
