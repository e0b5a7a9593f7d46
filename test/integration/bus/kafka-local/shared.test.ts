import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive } from '../../../../bus/kafka-local/broker.ts';
import { kafkaDown, readSharedState } from '../../../../bus/kafka-local/index.ts';
import { BusRefusedError, KafkaBus } from '../../../../bus/index.ts';
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
    await kafkaDown({ stateDir, sasl: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  const cli = (command: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, command, ...args], {
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

  it('`up --sasl` starts a second broker wanting SCRAM logins, prints its users; `down --sasl` stops it', async function () {
    this.timeout(120_000);
    const first = await cli('up', '--sasl', '--user', 'lab:lab-password', '--user', 'driver');
    const url = first.stdout.trim().split('\n').at(-1) ?? '';
    assert.match(url, /^kafka:\/\/127\.0\.0\.1:\d+\?sasl=scram-sha-256$/);
    assert.match(first.stderr, /lab +lab-password/);
    const driverPassword = /driver +([0-9a-f]{24})/.exec(first.stderr)?.[1];
    assert.ok(driverPassword, 'a password made for the user given without one');
    assert.equal(await readSharedState(stateDir), undefined, 'apart from the plain broker');

    const bus = new KafkaBus(url, { clientId: 'shared-sasl-test', kafkaLogin: { username: 'driver', password: driverPassword } });
    try {
      await bus.connect();
      await bus.publish('evc/cp/CP1/events', 'over SASL');
    } finally {
      await bus.close();
    }
    const wrong = new KafkaBus(url, { clientId: 'shared-sasl-wrong', kafkaLogin: { username: 'lab', password: 'not-it' } });
    await assert.rejects(wrong.connect(), BusRefusedError);
    await wrong.close();

    const again = await cli('up', '--sasl', '--user', 'lab:lab-password');
    assert.equal(again.stdout.trim().split('\n').at(-1), url);
    assert.match(again.stderr, /reusing the running SASL Kafka/);
    await assert.rejects(cli('up', '--sasl', '--user', 'someone-else:pw'), /no user someone-else.*kafka:down -- --sasl/s);
    await assert.rejects(cli('up', '--user', 'lab'), (error: { code?: number; stderr?: string }) => error.code === 2 && /--user needs --sasl/.test(error.stderr ?? ''));

    const down = await cli('down', '--sasl');
    assert.match(down.stderr, /SASL Kafka stopped/);
    assert.equal(await kafkaDown({ stateDir, sasl: true }), false);
  });
});
