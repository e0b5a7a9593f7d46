import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { FakeCentral, FakeEngine, nextMatching } from '../../../integration/firmware-host/monitor/fakes.ts';
import type { Health } from '../../../../protocol/index.ts';

const evc = fileURLToPath(new URL('../../../../bin/evc', import.meta.url));

/** `evc monitor` as a real process; stderr collected for the one-line reason. */
function startMonitor(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [evc, 'monitor', ...args], {
    env: { ...process.env, ...env, EVC_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('evc monitor (a real process, DESIGN §6)', () => {
  let central: FakeCentral;
  let engine: FakeEngine;
  let running: ChildProcess | undefined;

  beforeEach(async () => {
    central = await FakeCentral.start();
    engine = await FakeEngine.start();
  });

  afterEach(async () => {
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL');
      await once(running, 'exit');
    }
    running = undefined;
    await central.close();
    await engine.close();
  });

  it('says hello with the flags and environment it was given, and exits 0 on SIGTERM', async () => {
    const hello = once(central, 'hello');
    const { child } = startMonitor(
      ['--id', 'CP7', '--central', `127.0.0.1:${central.port}`, '--engine-port', String(engine.port), '--price', '0.42', '--location', 'Lab 2'],
      { EVC_SECRET: 'from-env', EVC_POWER_KW: '11' },
    );
    running = child;
    const [message] = await hello;
    assert.equal(message.cpId, 'CP7');
    assert.equal(message.secret, 'from-env');
    assert.deepEqual(message.location, { label: 'Lab 2' });
    assert.equal(message.pricePerKwh, 0.42);
    assert.equal(message.maxPowerKw, 11);
    await nextMatching<Health>(central, 'health', (health) => health.engine === 'ok');
    const [centralSide] = [...central.server.links];
    const eot = once(centralSide!, 'close');
    child.kill('SIGTERM');
    assert.equal(await exitOf(child), 0);
    assert.deepEqual(await eot, ['peer sent EOT']);
  });

  it('exits 1 with a one-line reason when Central rejects the secret', async () => {
    central.rejections = ['BAD_SECRET'];
    const { child, stderr } = startMonitor(['--id', 'CP1', '--central', `127.0.0.1:${central.port}`, '--engine-port', String(engine.port), '--secret', 'wrong']);
    running = child;
    assert.equal(await exitOf(child), 1);
    const lines = stderr().trim().split('\n');
    assert.match(lines.at(-1)!, /error: Central at 127\.0\.0\.1:\d+ rejected CP1: BAD_SECRET .*check --secret/);
  });

  it('exits 2 on a bad flag, before connecting anywhere', async () => {
    const { child, stderr } = startMonitor(['--id', 'CP1', '--central', 'nowhere:port']);
    running = child;
    assert.equal(await exitOf(child), 2);
    assert.match(stderr(), /is not HOST:PORT/);
    assert.equal(central.hellos.length, 0);
  });
});
