import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { RecordFile } from '../../../../driver/runner/record-file.ts';
import { EvcError } from '../../../../protocol/index.ts';

const schema = z.object({ n: z.number() });
const errors = { unreadable: 'X_UNREADABLE', damaged: 'X_DAMAGED', damagedHint: (path: string) => `${path} is not an x; remove it` };

describe('driver/runner RecordFile', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'evc-record-file-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('missing reads as undefined; write creates the folder and replaces whole; remove forgets', async () => {
    const file = new RecordFile(join(dir, 'nested', 'x.json'), schema, errors);
    assert.equal(await file.read(), undefined);
    await file.write({ n: 1 });
    await file.write({ n: 2 });
    assert.deepEqual(await file.read(), { n: 2 });
    assert.equal(await readFile(file.path, 'utf8'), '{"n":2}\n');
    assert.deepEqual(await readdir(join(dir, 'nested')), ['x.json'], 'no temp file left behind');
    await file.remove();
    await file.remove();
    assert.equal(await file.read(), undefined);
  });

  it('create writes only when there is no record yet', async () => {
    const file = new RecordFile(join(dir, 'x.json'), schema, errors);
    assert.equal(await file.create({ n: 1 }), true);
    assert.equal(await file.create({ n: 2 }), false);
    assert.deepEqual(await file.read(), { n: 1 });
  });

  it('a damaged record is an error naming the file and what to do, never undefined', async () => {
    const file = new RecordFile(join(dir, 'x.json'), schema, errors);
    for (const text of ['{', '{"n":"one"}']) {
      await writeFile(file.path, text);
      await assert.rejects(file.read(), (error: unknown) => error instanceof EvcError && error.code === 'X_DAMAGED' && error.message === `${file.path} is not an x; remove it`);
    }
  });

  it('an unreadable record is an error with its own code', async () => {
    const file = new RecordFile(dir, schema, errors); // a directory where the file should be
    await assert.rejects(file.read(), (error: unknown) => error instanceof EvcError && error.code === 'X_UNREADABLE' && error.message.startsWith(`cannot read ${dir}: `));
  });
});
