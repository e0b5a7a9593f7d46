import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManagedProcess } from '../../../base/managed-process.ts';
import { ProcessWaitError } from '../../../base/process-exit.ts';

/** A node process running `source` (ESM). */
function node(name: string, source: string, logFile?: string): ManagedProcess {
  return ManagedProcess.start({ name, command: process.execPath, args: ['--input-type=module', '-e', source], ...(logFile ? { logFile } : {}) });
}

// A parent that starts a child which ignores SIGTERM, then reports both pids.
const PARENT_WITH_STUBBORN_CHILD = `
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('child up'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'inherit', 'inherit'] });
console.log('parent ' + process.pid + ' child ' + child.pid);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`;

describe('ManagedProcess (demo and e2e process harness)', () => {
  const started: ManagedProcess[] = [];
  afterEach(() => started.splice(0).forEach((child) => child.killNow()));

  it('waits for a line, including one already printed, and only from `since` on when asked', async () => {
    const child = node('lines', "console.log('one'); console.log('two'); console.error('oops'); setTimeout(() => console.log('three'), 50)");
    started.push(child);
    assert.equal((await child.waitForLine(/^three$/, { timeoutMs: 10_000 }))[0], 'three');
    assert.equal((await child.waitForLine(/^t(\w+)$/, { timeoutMs: 1000 }))[1], 'wo', 'a past line counts');
    await assert.rejects(child.waitForLine(/^one$/, { timeoutMs: 1000, since: 1 }), ProcessWaitError);
    await assert.rejects(child.waitForLine(/^oops$/, { timeoutMs: 1000, stream: 'stdout' }), /exited \(exit code 0\)/);
    assert.deepEqual(child.tail(10), ['  one', '  two', '! oops', '  three']);
  });

  it('rejects a wait on its deadline with the last lines', async () => {
    const child = node('silent', "console.log('hello'); setInterval(() => {}, 1000)");
    started.push(child);
    await child.waitForLine(/hello/, { timeoutMs: 10_000 });
    const error = await child.waitForLine(/never/, { timeoutMs: 100 }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e as ProcessWaitError,
    );
    assert.match(error.message, /silent: nothing within 100 ms while waiting for a line matching \/never\//);
    assert.deepEqual(error.tail, ['  hello']);
  });

  it('stops the whole process group, SIGKILLing a child that ignores SIGTERM, and leaves no member', async () => {
    const child = node('parent', PARENT_WITH_STUBBORN_CHILD);
    started.push(child);
    const [, , childPid] = (await child.waitForLine(/^parent (\d+) child (\d+)$/, { timeoutMs: 10_000 })).map(Number);
    await child.waitForLine(/^child up$/, { timeoutMs: 10_000 });
    assert.deepEqual(child.liveGroupMembers().sort(), [child.pid!, childPid!].sort());
    const exit = await child.stop('SIGTERM', 500);
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual(child.liveGroupMembers(), [], 'the stubborn child was killed too (a zombie awaiting its reaper does not count)');
  });

  it('writes every line to its log file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'evc-mp-'));
    try {
      const logFile = path.join(dir, 'out.log');
      const child = node('log', "console.log('to the log'); console.error('and this')", logFile);
      await child.waitForExit(10_000);
      await child.stop();
      assert.equal(await readFile(logFile, 'utf8'), 'to the log\n! and this\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
