import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from '../../../base/managed-process.ts';
import { EVC_BIN, evcChild, untilReady } from '../../../demo/launch.ts';
import { EvcError } from '../../../protocol/index.ts';

describe('demo/launch', () => {
  let dir: string;
  const started: ManagedProcess[] = [];
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'evc-launch-'))));
  afterEach(async () => {
    for (const child of started.splice(0)) child.killNow();
    await rm(dir, { recursive: true, force: true });
  });

  it('evcChild: node bin/evc with the given args, plain output, and none of the caller’s EVC_* variables', () => {
    process.env.EVC_DEVICE_BUS = 'mqtt://elsewhere:1883';
    try {
      const spec = evcChild('central', ['central', '--port', '0'], { logFile: join(dir, 'central.log'), stopTier: 2 });
      assert.deepEqual([spec.name, spec.command, spec.args, spec.stopTier, spec.logFile], ['central', process.execPath, [EVC_BIN, 'central', '--port', '0'], 2, join(dir, 'central.log')]);
      assert.equal(spec.env?.EVC_DEVICE_BUS, undefined);
      assert.deepEqual([spec.env?.NO_COLOR, spec.env?.FORCE_COLOR], ['1', '0']);
      assert.equal('cwd' in spec, false);
      assert.equal(evcChild('x', [], { logFile: 'l', cwd: dir }).cwd, dir);
    } finally {
      delete process.env.EVC_DEVICE_BUS;
    }
  });

  function node(name: string, source: string): ManagedProcess {
    const child = ManagedProcess.start({ name, command: process.execPath, args: ['-e', source] });
    started.push(child);
    return child;
  }

  it('untilReady resolves with what the probe saw once it is ready', async () => {
    const child = node('ready', 'setInterval(() => {}, 1000)');
    let calls = 0;
    const value = await untilReady(child, () => Promise.resolve(++calls >= 3 ? 'up' : undefined), 'the HTTP port', { timeoutMs: 10_000, logFile: 'x.log' });
    assert.equal(value, 'up');
  });

  it('untilReady fails at once, with the last lines and the log, when the process exits first', async () => {
    const child = node('crashy', "console.error('port 8080 in use'); process.exit(3)");
    await assert.rejects(
      untilReady(child, () => Promise.resolve(undefined), 'the dashboard', { timeoutMs: 60_000, logFile: 'crashy.log' }),
      (error: unknown) => error instanceof EvcError && error.code === 'DEMO_START' && /crashy exit code 3 before the dashboard:\n.*port 8080 in use[\s\S]*\(full log: crashy\.log\)/.test(error.message),
    );
  });
});
