import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { driverInboxDir, driverInboxFile, driverInboxIds, watchDriverInbox, writeDriverInboxEntry } from '../../../../central/app/driver-inbox.ts';
import { removeDir, tempDataDir } from './central-fixture.ts';

describe('central/app driver-inbox (keys add-driver hands to a running Central)', () => {
  let dataDir: string;
  beforeEach(async () => (dataDir = await tempDataDir()));
  afterEach(() => removeDir(dataDir));

  it('writes the key only, owner-only, one file per driver', async () => {
    await writeDriverInboxEntry(dataDir, 'D1', 'key-1');
    const file = driverInboxFile(dataDir, 'D1');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(driverInboxDir(dataDir))).mode & 0o777, 0o700);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { key: 'key-1' });
  });

  it('lists the waiting drivers by id, sorted, ignoring other files and names that are no driver id', async () => {
    assert.deepEqual(await driverInboxIds(dataDir), [], 'no inbox yet');
    await writeDriverInboxEntry(dataDir, 'D2', 'k');
    await writeDriverInboxEntry(dataDir, 'D1', 'k');
    await writeFile(`${driverInboxDir(dataDir)}/notes.txt`, 'x');
    await writeFile(`${driverInboxDir(dataDir)}/bad id!.json`, '{}');
    assert.deepEqual(await driverInboxIds(dataDir), ['D1', 'D2']);
  });

  it('calls back when a key appears', async () => {
    const warnings: string[] = [];
    let changed!: () => void;
    const seen = new Promise<void>((resolve) => (changed = resolve));
    const watcher = await watchDriverInbox(dataDir, () => changed(), (message) => warnings.push(message));
    try {
      assert.ok(watcher, 'fs.watch works here');
      await writeDriverInboxEntry(dataDir, 'D3', 'k');
      await seen;
      assert.deepEqual(warnings, []);
    } finally {
      watcher?.close();
    }
  });
});
