import assert from 'node:assert/strict';
import { once, EventEmitter } from 'node:events';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CpInbox, inboxDir, writeInboxEntry } from '../../../../central/app/cp-inbox.ts';
import { removeDir, tempDataDir } from './central-fixture.ts';

const config = { id: 'CP7', location: { label: 'Dock 7', lat: 41.6 }, pricePerKwh: 0.42, maxPowerKw: 22 };

describe('central/app cp-inbox (add-cp → a running Central)', () => {
  let dataDir: string;
  let inbox: CpInbox;
  let warnings: string[];
  beforeEach(async () => {
    dataDir = await tempDataDir();
    warnings = [];
    inbox = new CpInbox(dataDir, (message) => warnings.push(message));
  });
  afterEach(async () => {
    inbox.close();
    await removeDir(dataDir);
  });

  it('add-cp writes one private file per CP that Central reads back whole, then removes', async () => {
    const file = await writeInboxEntry(dataDir, config, 'the-secret');
    assert.equal(file, path.join(inboxDir(dataDir), 'CP7.json'));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const [entry] = await inbox.pending();
    assert.deepEqual(entry, { config, secret: 'the-secret', file });
    await inbox.remove(entry!);
    assert.deepEqual(await inbox.pending(), []);
    await inbox.remove(entry!); // already gone: no error
  });

  it('lists entries by name, keeps only the config fields it knows, and has none without a directory', async () => {
    assert.deepEqual(await inbox.pending(), []);
    await writeInboxEntry(dataDir, { ...config, id: 'CP9' }, 's9');
    await writeInboxEntry(dataDir, { id: 'CP1', location: { label: 'Lab' }, pricePerKwh: 0.3 }, 's1');
    await writeFile(path.join(inboxDir(dataDir), 'CP2.json'), JSON.stringify({ config: { id: 'CP2', location: { label: 'X' }, pricePerKwh: 0.3, extra: 'dropped' }, secret: 's2' }));
    const entries = await inbox.pending();
    assert.deepEqual(entries.map((entry) => entry.config.id), ['CP1', 'CP2', 'CP9']);
    assert.deepEqual(entries[1]!.config, { id: 'CP2', location: { label: 'X' }, pricePerKwh: 0.3 });
  });

  it('renames a file that is not an add-cp entry to .bad, with a warning, and skips it', async () => {
    await writeInboxEntry(dataDir, config, 'ok');
    await writeFile(path.join(inboxDir(dataDir), 'A-junk.json'), 'not json');
    await writeFile(path.join(inboxDir(dataDir), 'B-bad-id.json'), JSON.stringify({ config: { ...config, id: 'cp/1' }, secret: 'x' }));
    await writeFile(path.join(inboxDir(dataDir), '.hidden.json'), 'ignored');
    assert.deepEqual((await inbox.pending()).map((entry) => entry.config.id), ['CP7']);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /A-junk\.json is not a CP from evc central add-cp; renamed to A-junk\.json\.bad/);
    assert.deepEqual((await readdir(inboxDir(dataDir))).sort(), ['.hidden.json', 'A-junk.json.bad', 'B-bad-id.json.bad', 'CP7.json']);
  });

  it('watch calls back when add-cp drops a file in', async () => {
    const changes = new EventEmitter();
    await inbox.watch(() => changes.emit('change'));
    const changed = once(changes, 'change');
    await writeInboxEntry(dataDir, config, 's');
    await changed;
  });
});
