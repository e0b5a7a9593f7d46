import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadKafkaJs } from '../../../../bus/kafka/kafkajs.ts';

const run = promisify(execFile);

/** Whether kafkajs is in a fresh process's module cache after it ran `script`. */
async function kafkajsLoadedAfter(script: string): Promise<boolean> {
  const probe = `${script}; const { createRequire } = await import('node:module'); console.log(Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/node_modules/kafkajs/')));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: process.cwd() });
  return stdout.trim() === 'true';
}

describe('bus/kafka/kafkajs: loaded on first use', function () {
  this.timeout(30_000);

  it('the bus layer and Central load without kafkajs; a KafkaBus loads it', async () => {
    assert.equal(await kafkajsLoadedAfter("await import('./bus/index.ts'); await import('./central/app/index.ts')"), false);
    assert.equal(await kafkajsLoadedAfter("const { KafkaBus } = await import('./bus/index.ts'); new KafkaBus('kafka://127.0.0.1:9', { clientId: 'probe' })"), true);
  });

  it('hands back the kafkajs module', () => {
    const { Kafka, logLevel } = loadKafkaJs();
    assert.equal(typeof Kafka, 'function');
    assert.equal(logLevel.WARN, 2);
  });
});
