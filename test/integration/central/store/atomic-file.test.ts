import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../../../central/store/index.ts';
import { removeStaleTemps } from '../../../../central/store/atomic-file.ts';
import { useTempDir } from './temp-dir.ts';

describe('central/store writeFileAtomic (real files)', () => {
  const dir = useTempDir();

  it('writes the content and leaves no temp file', async () => {
    const file = path.join(dir.path, 'state.json');
    await writeFileAtomic(file, '{"a":1}');
    assert.equal(await readFile(file, 'utf8'), '{"a":1}');
    assert.deepEqual(await readdir(dir.path), ['state.json']);
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

  it('removeStaleTemps clears only the temp files of that file', async () => {
    const file = path.join(dir.path, 'state.json');
    await writeFile(path.join(dir.path, '.state.json.123.4.tmp'), 'half');
    await writeFile(path.join(dir.path, 'other.tmp'), 'keep');
    await writeFile(file, '{}');
    assert.deepEqual(await removeStaleTemps(file), ['.state.json.123.4.tmp']);
    assert.deepEqual((await readdir(dir.path)).sort(), ['other.tmp', 'state.json']);
  });
});
