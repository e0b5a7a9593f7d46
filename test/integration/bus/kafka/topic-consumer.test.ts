import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { pino } from 'pino';
import { DEFAULT_TOPIC_LAYOUT, ensureTopics } from '../../../../bus/kafka/admin-ops.ts';
import { TopicConsumer } from '../../../../bus/kafka/topic-consumer.ts';
import { kafkaBrokers, kafkaForTests } from '../../../helpers/kafka.ts';

describe('bus/kafka/topic-consumer on Apache Kafka', function () {
  const run = randomBytes(3).toString('hex');
  let sequence = 0;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumers: TopicConsumer[] = [];

  before(async function () {
    const url = await kafkaForTests(this);
    kafka = new Kafka({ clientId: `topic-consumer-${run}`, brokers: kafkaBrokers(url), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 } });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  after(async function () {
    await producer?.disconnect();
    await admin?.disconnect();
  });
  afterEach(async function () {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    consumers = [];
  });

  async function aTopic(): Promise<string> {
    const topic = `evc.test.consumer.${run}.${++sequence}`;
    await ensureTopics(admin, [topic], DEFAULT_TOPIC_LAYOUT);
    return topic;
  }

  /** A started consumer and the values it receives; `next(n)` resolves once n have arrived. */
  async function started(topic: string, groupId: string) {
    const values: string[] = [];
    const waiting: Array<{ count: number; resolve: () => void }> = [];
    let joins = 0;
    const consumer = new TopicConsumer({
      kafka,
      admin,
      groupId,
      topic,
      logger: pino({ enabled: false }),
      onRecord: ({ message }) => {
        values.push(message.value!.toString());
        for (const wait of waiting.filter((candidate) => values.length >= candidate.count)) wait.resolve();
      },
      onCrash: (error) => assert.fail(`consumer crashed: ${error.message}`),
      onJoin: () => joins++,
    });
    consumers.push(consumer);
    await consumer.start();
    const next = (count: number) => new Promise<void>((resolve) => (values.length >= count ? resolve() : waiting.push({ count, resolve })));
    return { consumer, values, next, joins: () => joins };
  }

  it('a new group joins, then reads what is published after, not what came before', async function () {
    const topic = await aTopic();
    await producer.send({ topic, messages: [{ key: 'k', value: 'before' }] });
    const reader = await started(topic, `evc-test-consumer-${run}-a`);
    assert.equal(reader.joins(), 1);
    assert.equal(reader.consumer.groupId, `evc-test-consumer-${run}-a`);
    await producer.send({ topic, messages: [{ key: 'k', value: 'after' }] });
    await reader.next(1);
    assert.deepEqual(reader.values, ['after']);
  });

  it('a group that leaves before anything arrived gets, when back, what was published meanwhile', async function () {
    const topic = await aTopic();
    const groupId = `evc-test-consumer-${run}-b`;
    const first = await started(topic, groupId);
    await first.consumer.stop();
    await producer.send({ topic, messages: [{ key: 'k', value: 'while away' }] });
    const back = await started(topic, groupId);
    await back.next(1);
    assert.deepEqual(back.values, ['while away']);
  });
});
