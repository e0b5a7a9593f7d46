import { strict as assert } from 'node:assert';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { kafkaBrokers, kafkaForTests } from '../../helpers/kafka.ts';

function client(url: string): Kafka {
  return new Kafka({
    clientId: 'evc-kafka-local-test',
    brokers: kafkaBrokers(url),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    // A fresh broker may still be electing its group coordinator: a few quick retries, no 10 s waits.
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

describe('local Kafka for tests (test/helpers/kafka.ts over bus/kafka-local)', function () {
  describe('kafkaForTests', function () {
    it('maps kafka:// URLs to kafkajs broker lists', function () {
      assert.deepEqual(kafkaBrokers('kafka://127.0.0.1:9092'), ['127.0.0.1:9092']);
      assert.deepEqual(kafkaBrokers('kafka://a:1, b:2/'), ['a:1', 'b:2']);
      assert.throws(() => kafkaBrokers('mqtt://a:1'), /not a kafka:\/\/ URL/);
    });

    let url: string;
    before(async function () {
      url = await kafkaForTests(this);
    });

    it('gives a kafka:// URL whose broker answers admin requests', async function () {
      assert.match(url, /^kafka:\/\//);
      const admin = client(url).admin();
      await admin.connect();
      try {
        const cluster = await admin.describeCluster();
        assert.equal(cluster.brokers.length >= 1, true);
      } finally {
        await admin.disconnect();
      }
    });

    it('produces a record to an auto-created 3-partition topic and consumes it back', async function () {
      const kafka = client(url);
      const topic = `evc.test.local.${Date.now()}`;
      const producer = kafka.producer();
      const consumer = kafka.consumer({ groupId: `evc-test-${Date.now()}` });
      const admin = kafka.admin();
      try {
        await producer.connect();
        await producer.send({ topic, messages: [{ key: 'cp-1', value: '{"type":"hello"}' }] });

        await admin.connect();
        const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
        assert.equal(metadata.topics[0].partitions.length, 3);

        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        const received = new Promise<{ topic: string; message: KafkaMessage }>((resolve) => {
          void consumer.run({ eachMessage: async ({ topic: from, message }) => resolve({ topic: from, message }) });
        });
        const { topic: from, message } = await received;
        assert.equal(from, topic);
        assert.equal(message.key?.toString(), 'cp-1');
        assert.equal(message.value?.toString(), '{"type":"hello"}');
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
        await admin.disconnect();
      }
    });
  });
});
