import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';
import { isAlive, stopProcess } from '../../../../bus/kafka-local/broker.ts';
import { fetchKafka } from '../../../../bus/kafka-local/fetch.ts';
import { launchInstance, relaunchInstance, type Instance } from '../../../../bus/kafka-local/instance.ts';
import { kafkaBrokers, requireKafkaTooling } from '../../../helpers/kafka.ts';

async function topicsOf(url: string): Promise<string[]> {
  const admin = new Kafka({ clientId: 'evc-instance-test', brokers: kafkaBrokers(url), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 } }).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe('bus/kafka-local instance: one broker in its own temp run dir', function () {
  this.timeout(180_000);
  let instance: Instance | undefined;
  after(async function () {
    if (!instance) return;
    await stopProcess(instance.pid, { exited: instance.exited });
    await rm(instance.files.runDir, { recursive: true, force: true });
  });

  it('launches on free loopback ports and answers; relaunched, it has the same port and data', async function () {
    await requireKafkaTooling(this);
    const libs = await fetchKafka();
    const progress: string[] = [];
    instance = await launchInstance(libs, { detached: false, onProgress: (line) => progress.push(line) });
    assert.equal(instance.url, `kafka://127.0.0.1:${instance.port}`);
    assert.equal(isAlive(instance.pid), true);
    assert.ok(existsSync(instance.files.serverProperties));
    assert.match(progress.at(-1) ?? '', /^Kafka ready in \d+\.\d s \(pid \d+\)$/);
    const admin = new Kafka({ clientId: 'evc-instance-test', brokers: kafkaBrokers(instance.url), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'evc.test.instance', numPartitions: 1, replicationFactor: 1 }] });
    } finally {
      await admin.disconnect();
    }

    await stopProcess(instance.pid, { exited: instance.exited });
    const first = instance;
    instance = await relaunchInstance(libs, first);
    assert.equal(instance.port, first.port);
    assert.notEqual(instance.pid, first.pid);
    assert.ok((await topicsOf(instance.url)).includes('evc.test.instance'), 'the topic survived the restart');
  });
});
