import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive } from '../../../../bus/kafka-local/broker.ts';
import { kafkaDown, readSharedState } from '../../../../bus/kafka-local/index.ts';
import { requireKafkaTooling } from '../../../helpers/kafka.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../../bus/kafka-local/cli.ts');
const KAFKA_URL = /^kafka:\/\/127\.0\.0\.1:\d+$/;

describe('bus/kafka-local shared instance: npm run kafka:up / kafka:down', function () {
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
