import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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
});
