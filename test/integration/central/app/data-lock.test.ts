import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processStartTicks } from '../../../../base/process-group.ts';
import { DataLock, LOCK_FILE, liveLockOwner } from '../../../../central/app/data-lock.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { removeDir, tempDataDir } from './central-fixture.ts';

describe('DataLock: one writer per data directory', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    await removeDir(dataDir);
  });

  it('refuses a second holder while the first lives, and is free again once released', async () => {
    const lock = await DataLock.acquire(dataDir, 'central');
    assert.equal((await liveLockOwner(dataDir))?.holder, 'central');
    await assert.rejects(DataLock.acquire(dataDir, 'add-cp'), (error: unknown) => error instanceof EvcError && error.code === 'DATA_IN_USE' && /running Central \(pid \d+\)/.test(error.message));
    await lock.release();
    assert.equal(await liveLockOwner(dataDir), undefined);
    await (await DataLock.acquire(dataDir, 'add-cp')).release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: child.pid, holder: 'central', sinceMs: 1 }));
    assert.equal(await liveLockOwner(dataDir), undefined);
    const lock = await DataLock.acquire(dataDir, 'central');
    assert.equal((await liveLockOwner(dataDir))?.pid, process.pid);
    await lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (a dead Central, its pid reused)', async function () {
    if (processStartTicks(process.pid) === undefined) this.skip(); // no /proc: only the pid can be checked
    // This test's own pid is alive, but it did not start at the recorded time.
    await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, startTicks: '1', holder: 'central', sinceMs: 1 }));
    assert.equal(await liveLockOwner(dataDir), undefined);
    const lock = await DataLock.acquire(dataDir, 'central');
    assert.equal((await liveLockOwner(dataDir))?.startTicks, processStartTicks(process.pid));
    await lock.release();
  });

  it('still refuses a lock held by the live process that took it', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      await once(child, 'spawn');
      const startTicks = processStartTicks(child.pid!);
      await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: child.pid, ...(startTicks ? { startTicks } : {}), holder: 'central', sinceMs: 1 }));
      await assert.rejects(DataLock.acquire(dataDir, 'central'), (error: unknown) => error instanceof EvcError && error.code === 'DATA_IN_USE');
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
});
