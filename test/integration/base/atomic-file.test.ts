import assert from 'node:assert/strict';
import fs from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeStaleTemps, writeFileAtomic, writeFileAtomicSync } from '../../../base/atomic-file.ts';
import { useTempDir } from '../central/store/temp-dir.ts';

describe('base/atomic-file (real files)', () => {
  const dir = useTempDir();

  it('writes the content and leaves no temp file', async () => {
    const file = path.join(dir.path, 'state.json');
    await writeFileAtomic(file, '{"a":1}');
    assert.equal(await readFile(file, 'utf8'), '{"a":1}');
    assert.deepEqual(await readdir(dir.path), ['state.json']);
  });

  it('calls onReplaced once the file holds the new content, before the write resolves', async () => {
    const file = path.join(dir.path, 'seen.json');
    const seen: string[] = [];
    await writeFileAtomic(file, 'new', { onReplaced: () => void seen.push(fs.readFileSync(file, 'utf8')) });
    assert.deepEqual(seen, ['new']);
  });

  it('replaces an existing file whole, over many concurrent writes', async () => {
    const file = path.join(dir.path, 'state.json');
    await writeFile(file, 'old');
    const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ n: i, pad: 'x'.repeat(10_000) }));
    await Promise.all(bodies.map((body) => writeFileAtomic(file, body)));
    const content = await readFile(file, 'utf8');
    assert.ok(bodies.includes(content), 'one complete version, never a mix');
    assert.deepEqual(await readdir(dir.path), ['state.json']);
  });

  it('fails cleanly when the directory is missing, leaving nothing behind', async () => {
    await assert.rejects(writeFileAtomic(path.join(dir.path, 'nope', 'state.json'), 'x'), { code: 'ENOENT' });
    assert.deepEqual(await readdir(dir.path), []);
  });

  it('the blocking variant replaces the file whole too, and a failed write leaves nothing behind', () => {
    const file = path.join(dir.path, 'outbox.json');
    writeFileAtomicSync(file, 'first');
    writeFileAtomicSync(file, 'second', { durable: false });
    assert.equal(fs.readFileSync(file, 'utf8'), 'second');
    assert.throws(() => writeFileAtomicSync(path.join(dir.path, 'nope', 'outbox.json'), 'x'), { code: 'ENOENT' });
    assert.deepEqual(fs.readdirSync(dir.path), ['outbox.json']);
  });

  it('creates new files readable by their owner only, unless told otherwise', async () => {
    const secret = path.join(dir.path, 'secret.json');
    const shared = path.join(dir.path, 'shared.json');
    await writeFileAtomic(secret, 's');
    writeFileAtomicSync(shared, 's', { mode: 0o644 });
    assert.equal(fs.statSync(secret).mode & 0o777, 0o600);
    assert.equal(fs.statSync(shared).mode & 0o777, 0o644 & ~process.umask());
  });

  it('removeStaleTemps clears only the temp files of that file', async () => {
    const file = path.join(dir.path, 'state.json');
    await writeFile(path.join(dir.path, '.state.json.123.4.tmp'), 'half');
    await writeFile(path.join(dir.path, 'other.tmp'), 'keep');
    await writeFile(file, '{}');
    assert.deepEqual(await removeStaleTemps(file), ['.state.json.123.4.tmp']);
    assert.deepEqual((await readdir(dir.path)).sort(), ['other.tmp', 'state.json']);
  });
});
