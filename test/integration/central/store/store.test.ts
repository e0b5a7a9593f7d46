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

  it('persistSession resolves once the session is in the journal: a store opened after a crash has it', async () => {
    const store = await open();
    await store.persistSession(aSessionSnapshot({ id: 'S1' }));
    assert.deepEqual((await readdir(dir.path)).sort(), ['journal-000000.ndjson', 'ledger']);
    // No close(): as after a crash. The journal is replayed, then folded into state.json.
    const after = await open();
    assert.deepEqual((await after.loadSnapshot()).sessions, [aSessionSnapshot({ id: 'S1' })]);
    assert.deepEqual((await readState(after)).sessions.S1, aSessionSnapshot({ id: 'S1' }));
    assert.deepEqual((await readdir(dir.path)).sort(), ['ledger', 'state.json']);
  });

  it('many changes in one turn share one journal write+sync, the same CP changed twice is one line', async () => {
    const store = await open();
    const changes = [];
    for (let i = 0; i < 100; i++) changes.push(store.updateCp(aCpSnapshot({ id: `CP${i}` })));
    changes.push(store.updateCp(aCpSnapshot({ id: 'CP0', lastState: 'AVAILABLE' })));
    await Promise.all(changes);
    assert.equal(store.journalSyncCount, 1);
    const lines = (await readFile(path.join(dir.path, 'journal-000000.ndjson'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 100);
    assert.equal(JSON.parse(lines[0]!).cp.lastState, 'AVAILABLE');
  });

  it('changes made while a sync runs share the next one; a session start costs the same in a big store', async () => {
    const store = await open();
    const registry = [];
    for (let i = 0; i < 3000; i++) registry.push(store.updateCp(aCpSnapshot({ id: `CP${i}` })));
    await Promise.all(registry);
    const first = store.persistSession(aSessionSnapshot({ id: 'S0' }));
    await new Promise((resolve) => setImmediate(resolve)); // the first write is now running
    const during = [];
    for (let i = 1; i <= 50; i++) during.push(store.persistSession(aSessionSnapshot({ id: `S${i}` })));
    const syncsBefore = store.journalSyncCount;
    await Promise.all([first, ...during]);
    assert.ok(store.journalSyncCount - syncsBefore <= 2, `${store.journalSyncCount - syncsBefore} syncs for 51 sessions`);
    const journal = await readFile(path.join(dir.path, 'journal-000000.ndjson'), 'utf8');
    const sessionBytes = journal.split('\n').filter((line) => line.includes('"op":"session"')).map((line) => line.length);
    assert.equal(sessionBytes.length, 51);
    assert.ok(Math.max(...sessionBytes) < 1000, 'a session start writes its own line, not the store');
    assert.equal(store.compactionCount, 0, 'state.json was not rewritten');
  });

  it('compacts the journal into state.json past its size limit, and keeps journaling meanwhile', async () => {
    const store = await openStore(dir.path, { compactBytes: 2000 });
    opened.push(store);
    for (let i = 0; i < 20; i++) await store.persistSession(aSessionSnapshot({ id: `S${i}` }));
    await store.flush();
    assert.ok(store.compactionCount >= 1);
    const state = await readState(store);
    const files = (await readdir(dir.path)).filter((name) => name.startsWith('journal-'));
    assert.ok(files.every((name) => Number(name.slice(8, 14)) >= (state as { journal?: number }).journal!), `${files} vs ${JSON.stringify((state as { journal?: number }).journal)}`);
    await store.close();
    opened.pop();
    const again = await open();
    assert.equal((await again.loadSnapshot()).sessions.length, 20);
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

  describe('the journal after a crash (DESIGN §5)', () => {
    const journal = () => path.join(dir.path, 'journal-000000.ndjson');

    it('a last line cut short was never acknowledged: skipped with a warning, the rest replayed', async () => {
      const store = await open();
      await store.persistSession(aSessionSnapshot({ id: 'S1' }));
      await writeFile(journal(), `${await readFile(journal(), 'utf8')}{"op":"session","sess`);
      const warnings: string[] = [];
      const after = await open(dir.path, warnings);
      assert.deepEqual((await after.loadSnapshot()).sessions.map((session) => session.id), ['S1']);
      assert.match(warnings.join('\n'), /journal-000000\.ndjson: skipped its last line, cut short/);
    });

    it('a damaged line inside stops the store, naming the file, and leaves it untouched', async () => {
      const store = await open();
      await store.persistSession(aSessionSnapshot({ id: 'S1' }));
      await store.persistSession(aSessionSnapshot({ id: 'S2' }));
      const text = await readFile(journal(), 'utf8');
      const damaged = text.replace('"op":"session"', '"op":"sess!on"');
      await writeFile(journal(), damaged);
      await assert.rejects(openStore(dir.path), (error: unknown) => {
        assert.ok(error instanceof EvcError);
        assert.equal(error.code, 'STORE_CORRUPT');
        assert.ok(error.message.includes(journal()), error.message);
        assert.match(error.message, /line 1 is not a journal entry.*will not start over it/s);
        return true;
      });
      assert.equal(await readFile(journal(), 'utf8'), damaged);
      assert.ok(!(await readdir(dir.path)).includes('state.json'), 'nothing was written over it');
    });

    it('journal files older than state.json (a crash between its write and their removal) are dropped', async () => {
      const store = await openStore(dir.path, { compactBytes: 1 });
      await store.persistSession(aSessionSnapshot({ id: 'S1' }));
      await store.flush();
      const state = (await readState(store)) as { journal?: number };
      assert.equal(state.journal, 1);
      await writeFile(journal(), `${JSON.stringify({ op: 'session', session: aSessionSnapshot({ id: 'STALE' }) })}\n`);
      const after = await open();
      assert.deepEqual((await after.loadSnapshot()).sessions.map((session) => session.id), ['S1']);
      assert.ok(!(await readdir(dir.path)).includes('journal-000000.ndjson'));
      await store.close();
    });
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
