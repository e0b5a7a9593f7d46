import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { DEFAULT_TOPIC_LAYOUT, ensureTopics, uncommittedEndOffsets } from '../../../../bus/kafka/admin-ops.ts';
import { kafkaBrokers, kafkaForTests } from '../../../helpers/kafka.ts';

describe('bus/kafka/admin-ops on Apache Kafka', function () {
  const run = randomBytes(3).toString('hex');
  let kafka: Kafka;
  let admin: Admin;

  before(async function () {
    const url = await kafkaForTests(this);
    kafka = new Kafka({ clientId: `admin-ops-${run}`, brokers: kafkaBrokers(url), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 } });
    admin = kafka.admin();
    await admin.connect();
  });
  after(async function () {
    await admin?.disconnect();
  });

  it('creates the missing topics with the layout, and leaves an existing one as it is', async function () {
    const existing = `evc.test.ops.${run}.old`;
    const added = `evc.test.ops.${run}.new`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: existing, numPartitions: 1, replicationFactor: 1 }] });
    await ensureTopics(admin, [existing, added], DEFAULT_TOPIC_LAYOUT);
    await ensureTopics(admin, [existing, added], DEFAULT_TOPIC_LAYOUT);
    const { topics } = await admin.fetchTopicMetadata({ topics: [existing, added] });
    const partitions = Object.fromEntries(topics.map((topic) => [topic.name, topic.partitions.length]));
    assert.deepEqual(partitions, { [existing]: 1, [added]: DEFAULT_TOPIC_LAYOUT.numPartitions });
  });

  it("gives a new group the topic's end offsets, and a group with committed offsets nothing", async function () {
    const topic = `evc.test.ops.${run}.offsets`;
    await ensureTopics(admin, [topic], DEFAULT_TOPIC_LAYOUT);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'a', value: '1', partition: 0 }, { key: 'b', value: '2', partition: 0 }, { key: 'c', value: '3', partition: 2 }] });
    } finally {
      await producer.disconnect();
    }
    const fresh = await uncommittedEndOffsets(admin, `evc-test-ops-${run}-new`, topic);
    assert.deepEqual([...fresh.entries()].sort(), [[0, '2'], [1, '0'], [2, '1']]);
    const groupId = `evc-test-ops-${run}-known`;
    await admin.setOffsets({ groupId, topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })) });
    assert.deepEqual([...(await uncommittedEndOffsets(admin, groupId, topic)).entries()], []);
  });
});
