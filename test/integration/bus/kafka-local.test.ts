import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { isAlive } from '../../../bus/kafka-local/broker.ts';
import { kafkaDown, readSharedState } from '../../../bus/kafka-local/index.ts';
import { kafkaBrokers, kafkaForTests, requireKafkaTooling } from '../../helpers/kafka.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../bus/kafka-local/cli.ts');
const KAFKA_URL = /^kafka:\/\/127\.0\.0\.1:\d+$/;

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

/** No event reports that a process which is not our child has gone: poll with a deadline. */
async function untilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(100);
  }
  return true;
}

describe('local Kafka (bus/kafka-local)', function () {
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

  describe('npm run kafka:up / kafka:down (shared instance)', function () {
    let stateDir: string;
    before(async function () {
      this.timeout(300_000); // may fetch the jars on a cold cache
      await requireKafkaTooling(this);
      stateDir = await mkdtemp(join(tmpdir(), 'evc-kafka-state-'));
    });
    after(async function () {
      this.timeout(30_000);
      if (!stateDir) return;
      await kafkaDown({ stateDir });
      await rm(stateDir, { recursive: true, force: true });
    });

    const cli = (command: string) =>
      run(process.execPath, ['--import', 'tsx', CLI, command], {
        env: { ...process.env, EVC_KAFKA_STATE_DIR: stateDir },
      });

    it('`up` prints kafka://127.0.0.1:PORT last, a second `up` reuses it, `down` stops it', async function () {
      this.timeout(120_000);
      const first = await cli('up');
      const url = first.stdout.trim().split('\n').at(-1) ?? '';
      assert.match(url, KAFKA_URL);
      const state = await readSharedState(stateDir);
      assert.ok(state, 'kafka-run.json written');
      assert.equal(state.url, url);
      assert.equal(isAlive(state.pid), true);

      const second = await cli('up');
      assert.equal(second.stdout.trim().split('\n').at(-1), url);
      assert.match(second.stderr, /reusing/);
      assert.equal((await readSharedState(stateDir))?.pid, state.pid);

      assert.equal(await kafkaDown({ stateDir }), true);
      assert.equal(isAlive(state.pid), false);
      assert.equal(existsSync(state.runDir), false);
      assert.equal(await readSharedState(stateDir), undefined);
      assert.equal(await kafkaDown({ stateDir }), false);
    });
  });

  describe('startLocalKafka', function () {
    it('a private broker dies with its owner, even when the owner is SIGKILLed', async function () {
      this.timeout(120_000);
      await requireKafkaTooling(this);
      const index = join(import.meta.dirname, '../../../bus/kafka-local/index.ts');
      const owner = spawn(process.execPath, [
        '--import', 'tsx', '--input-type=module', '-e',
        `const { startLocalKafka } = await import(${JSON.stringify(index)});
         const kafka = await startLocalKafka();
         console.log('pid', kafka.pid);
         setInterval(() => {}, 1000);`,
      ], { stdio: ['ignore', 'pipe', 'inherit'] });
      const ownerExit = once(owner, 'exit');
      try {
        const lines = createInterface({ input: owner.stdout! });
        const line = await Promise.race([
          once(lines, 'line').then(([first]) => first as string),
          ownerExit.then(([code]) => { throw new Error(`owner exited (code ${code}) before starting Kafka`); }),
        ]);
        const pid = Number(/^pid (\d+)$/.exec(line)?.[1]);
        assert.equal(isAlive(pid), true);

        owner.kill('SIGKILL');
        await ownerExit;
        assert.equal(await untilGone(pid, 30_000), true, `Kafka pid ${pid} outlived its owner`);
      } finally {
        owner.kill('SIGKILL');
      }
    });
  });
});
