import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive } from '../../../../bus/kafka-local/broker.ts';
import { requireKafkaTooling } from '../../../helpers/kafka.ts';

/** No event reports that a process which is not our child has gone: poll with a deadline. */
async function untilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(100);
  }
  return true;
}

describe('bus/kafka-local startLocalKafka', function () {
  it('a private broker dies with its owner, even when the owner is SIGKILLed', async function () {
    this.timeout(120_000);
    await requireKafkaTooling(this);
    const index = join(import.meta.dirname, '../../../../bus/kafka-local/index.ts');
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
