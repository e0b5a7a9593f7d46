import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Journal, JOURNAL_FILE, journalFileName } from '../../../../central/store/journal.ts';
import { useTempDir } from './temp-dir.ts';

describe('central/store Journal (DESIGN §5)', () => {
  const dir = useTempDir();
  const lines = async (seq: number) => (await readFile(path.join(dir.path, journalFileName(seq)), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);

  it('names files by a zero-padded number its pattern reads back', () => {
    assert.equal(journalFileName(42), 'journal-000042.ndjson');
    assert.equal(JOURNAL_FILE.exec(journalFileName(42))?.[1], '000042');
    assert.equal(JOURNAL_FILE.test('journal-42.json'), false);
  });

  it('creates its file at the first append only, and a line is in it once append resolves', async () => {
    const journal = new Journal(dir.path, 3);
    assert.deepEqual(await readdir(dir.path), []);
    await journal.append({ op: 'a' });
    assert.deepEqual(await lines(3), [{ op: 'a' }]);
    assert.equal(journal.bytes, '{"op":"a"}\n'.length);
    await journal.close();
  });

  it('appends in one turn share one write+sync, and a newer line with the same key replaces the queued one', async () => {
    const journal = new Journal(dir.path, 0);
    await Promise.all([journal.append({ cp: 1, v: 1 }, 'cp:1'), journal.append({ cp: 2 }, 'cp:2'), journal.append({ cp: 1, v: 2 }, 'cp:1'), journal.append({ other: true })]);
    assert.equal(journal.syncCount, 1);
    assert.deepEqual(await lines(0), [{ cp: 1, v: 2 }, { cp: 2 }, { other: true }]);
    await journal.close();
  });

  it('rotate switches files between writes and hands the capture the next number', async () => {
    const journal = new Journal(dir.path, 0);
    await journal.append({ n: 1 });
    assert.equal(await journal.rotate((nextSeq) => `captured at ${nextSeq}`), 'captured at 1');
    assert.equal(journal.seq, 1);
    assert.equal(journal.bytes, 0);
    await journal.append({ n: 2 });
    assert.deepEqual(await lines(0), [{ n: 1 }]);
    assert.deepEqual(await lines(1), [{ n: 2 }]);
    await journal.close();
  });

  it('rotate with nothing written keeps the number; a second rotation at once is refused', async () => {
    const journal = new Journal(dir.path, 5);
    const first = journal.rotate((nextSeq) => nextSeq);
    await assert.rejects(journal.rotate(() => 0), /already running/);
    assert.equal(await first, 5);
    assert.equal(journal.seq, 5);
    await journal.close();
  });

  it('a failing capture rejects the rotation only', async () => {
    const journal = new Journal(dir.path, 0);
    await assert.rejects(journal.rotate(() => { throw new Error('capture failed'); }), /capture failed/);
    await journal.append({ n: 1 });
    await journal.close();
  });

  it('a failed write rejects its lines; idle and close wait; a closed journal refuses more', async () => {
    const broken = new Journal(path.join(dir.path, 'missing'), 0);
    await assert.rejects(broken.append({ n: 1 }), { code: 'ENOENT' });
    await broken.close();
    const journal = new Journal(dir.path, 0);
    const pending = journal.append({ n: 1 });
    await journal.idle();
    await pending;
    await journal.close();
    await assert.rejects(journal.append({ n: 2 }), /the store is closed/);
  });
});
