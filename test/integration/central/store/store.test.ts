import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EvcError } from '../../../../protocol/index.ts';
import { openStore, type Store } from '../../../../central/store/index.ts';
import { aCpSnapshot, aSessionSnapshot, T0 } from '../../../unit/central/builders.ts';
import { useTempDir } from './temp-dir.ts';

async function readState(store: Store): Promise<{ cps: Record<string, any>; drivers: Record<string, any>; sessions: Record<string, any> }> {
  return JSON.parse(await readFile(store.stateFile, 'utf8'));
}

describe('central/store Store on a real directory (DESIGN §5)', () => {
  const dir = useTempDir();
  const opened: Store[] = [];
  const open = async (dataDir = dir.path, warnings: string[] = []) => {
    const store = await openStore(dataDir, { onWarning: (message) => warnings.push(message) });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it('starts fresh when state.json is missing, creating the data and ledger directories', async () => {
    const store = await open(path.join(dir.path, 'data'));
    assert.deepEqual(await store.loadSnapshot(), { cps: [], drivers: [], sessions: [], recentTickets: [] });
    assert.deepEqual(await readdir(path.join(dir.path, 'data')), ['ledger']);
  });

  it('persistSession resolves only once the session is in state.json, with no temp file left', async () => {
    const store = await open();
    await store.persistSession(aSessionSnapshot({ id: 'S1' }));
    assert.deepEqual((await readState(store)).sessions.S1, aSessionSnapshot({ id: 'S1' }));
    assert.deepEqual((await readdir(dir.path)).sort(), ['ledger', 'state.json']);
  });

  it('coalesces many changes in one turn into one write', async () => {
    const store = await open();
    const changes = [];
    for (let i = 0; i < 100; i++) changes.push(store.updateCp(aCpSnapshot({ id: `CP${i}` })));
    await Promise.all(changes);
    assert.equal(store.stateWriteCount, 1);
    assert.equal(Object.keys((await readState(store)).cps).length, 100);
  });

  it('changes made while a write runs share one following write', async () => {
    const store = await open();
    const first = store.updateCp(aCpSnapshot({ id: 'CP0' }));
    await new Promise((resolve) => setImmediate(resolve)); // the first write is now running
    const during = [];
    for (let i = 1; i <= 50; i++) during.push(store.updateCp(aCpSnapshot({ id: `CP${i}` })));
    await Promise.all([first, ...during]);
    assert.equal(store.stateWriteCount, 2);
    assert.equal(Object.keys((await readState(store)).cps).length, 51);
  });

  it('after a restart reloads CPs (without secret hashes), drivers, stop flags and active sessions', async () => {
    const store = await open();
    const { secret } = await store.addCp({ id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.35 });
    await store.updateCp(aCpSnapshot({ id: 'CP1', pricePerKwh: 0.35, operatorStopped: true, lastState: 'STOPPED', lastSeenMs: T0 }));
    await store.saveDriver({ id: 'D1', blocked: false, firstSeenMs: T0 });
    await store.persistSession(aSessionSnapshot({ id: 'S1', status: 'reserved' }));
    await store.close();
    opened.pop();

    const again = await open();
    const snapshot = await again.loadSnapshot();
    assert.deepEqual(snapshot.cps, [aCpSnapshot({ id: 'CP1', pricePerKwh: 0.35, operatorStopped: true, lastState: 'STOPPED', lastSeenMs: T0 })]);
    assert.deepEqual(snapshot.drivers, [{ id: 'D1', blocked: false, firstSeenMs: T0 }]);
    assert.deepEqual(snapshot.sessions, [aSessionSnapshot({ id: 'S1', status: 'reserved' })]);
    assert.equal(await again.checkSecret('CP1', secret), 'match', 'the secret survives (as a hash)');
    assert.ok(!JSON.stringify(await readState(again)).includes(secret), 'the plain secret is never stored');
  });

  it('checkSecret: match, mismatch, or none when no secret is on file', async () => {
    const store = await open();
    await store.registerCp({ id: 'CP1', location: { label: 'L' }, pricePerKwh: 0.3 }, 'open-sesame');
    assert.equal(await store.checkSecret('CP1', 'open-sesame'), 'match');
    assert.equal(await store.checkSecret('CP1', 'guess'), 'mismatch');
    assert.equal(await store.checkSecret('CP2', 'open-sesame'), 'none');
  });

  it('updateCp keeps the secret hash; addCp refuses an existing id', async () => {
    const store = await open();
    await store.addCp({ id: 'CP1', location: { label: 'L' }, pricePerKwh: 0.3 });
    const hash = store.getCp('CP1')!.secretHash;
    await store.updateCp(aCpSnapshot({ id: 'CP1', lastState: 'AVAILABLE' }));
    assert.equal(store.getCp('CP1')!.secretHash, hash);
    await assert.rejects(store.addCp({ id: 'CP1', location: { label: 'L' }, pricePerKwh: 0.3 }), (error: unknown) => error instanceof EvcError && error.code === 'CP_EXISTS');
  });

  it('removes temp files an interrupted write left, with a warning', async () => {
    await writeFile(path.join(dir.path, '.state.json.999.1.tmp'), '{"half');
    const warnings: string[] = [];
    await open(dir.path, warnings);
    assert.deepEqual(await readdir(dir.path), ['ledger']);
    assert.match(warnings[0]!, /\.state\.json\.999\.1\.tmp/);
  });

  describe('a damaged or unreadable state.json stops the store and is left untouched', () => {
    async function expectRefusal(content: string | undefined, code: string, pattern: RegExp) {
      const file = path.join(dir.path, 'state.json');
      if (content !== undefined) await writeFile(file, content);
      const before = content === undefined ? undefined : await readFile(file);
      await assert.rejects(openStore(dir.path), (error: unknown) => {
        assert.ok(error instanceof EvcError, String(error));
        assert.equal(error.code, code);
        assert.equal(error.exitCode, 1);
        assert.ok(error.message.includes(file), `names the file: ${error.message}`);
        assert.match(error.message, pattern);
        return true;
      });
      if (before) assert.deepEqual(await readFile(file), before, 'byte for byte unchanged');
    }

    it('bad JSON', () => expectRefusal('{"version":1,"cps":{', 'STORE_CORRUPT', /not valid JSON.*mv .*state\.json .*state\.json\.damaged/s));

    it('valid JSON of the wrong shape', () =>
      expectRefusal(JSON.stringify({ version: 1, cps: { CP1: { id: 'CP1' } }, drivers: {}, sessions: {} }), 'STORE_CORRUPT', /expected shape \(cps\.CP1\./));

    it('an empty file', () => expectRefusal('', 'STORE_CORRUPT', /not valid JSON/));

    it('a directory where the file should be', async () => {
      await mkdir(path.join(dir.path, 'state.json'));
      await expectRefusal(undefined, 'STORE_UNREADABLE', /EISDIR.*permissions or point --data/);
    });

    it('permission denied', async function () {
      if (process.getuid?.() === 0) {
        console.log('      (running as root, which reads any file: permission denial cannot be exercised)');
        this.skip();
      }
      const file = path.join(dir.path, 'state.json');
      await writeFile(file, JSON.stringify({ version: 1, cps: {}, drivers: {}, sessions: {} }));
      await chmod(file, 0o000);
      try {
        await expectRefusal(undefined, 'STORE_UNREADABLE', /EACCES/);
      } finally {
        await chmod(file, 0o600);
      }
    });
  });
});
