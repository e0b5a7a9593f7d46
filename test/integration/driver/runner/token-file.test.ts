import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenFile } from '../../../../driver/runner/token-file.ts';
import { EvcError } from '../../../../protocol/index.ts';

const GIVEN = 'given-token-0123456789';

describe('driver/runner TokenFile (DESIGN §4.5)', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'evc-token-file-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('with no token given, makes one once and keeps it (unpinned) for every later command', async () => {
    const file = new TokenFile(join(dir, 'data'), 'D1');
    assert.equal(file.path, join(dir, 'data', 'driver-D1.token'));
    const first = await file.resolve(undefined);
    assert.match(first.token, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(first.pinned, false);
    assert.deepEqual(await new TokenFile(join(dir, 'data'), 'D1').resolve(undefined), first);
    assert.notDeepEqual((await new TokenFile(join(dir, 'data'), 'D2').resolve(undefined)).token, first.token);
  });

  it('two commands starting at once end up with the same token', async () => {
    const [a, b] = await Promise.all([new TokenFile(dir, 'D1').resolve(undefined), new TokenFile(dir, 'D1').resolve(undefined)]);
    assert.equal(a.token, b.token);
  });

  it('a given token replaces the kept one; the same token again keeps its pinned mark', async () => {
    const file = new TokenFile(dir, 'D1');
    await file.resolve(undefined);
    assert.deepEqual(await file.resolve(GIVEN), { token: GIVEN, pinned: false });
    await file.markPinned(GIVEN);
    assert.deepEqual(await file.resolve(GIVEN), { token: GIVEN, pinned: true });
    assert.deepEqual(JSON.parse(await readFile(file.path, 'utf8')), { token: GIVEN, pinned: true });
  });

  it('markPinned pins only the token that is kept', async () => {
    const file = new TokenFile(dir, 'D1');
    await file.resolve(GIVEN);
    await file.markPinned('another-token-0123456789');
    assert.equal((await file.resolve(undefined)).pinned, false);
  });

  it('a damaged file says to pass the token or remove the file', async () => {
    const file = new TokenFile(dir, 'D1');
    await writeFile(file.path, '{"token":"short","pinned":false}');
    await assert.rejects(file.resolve(undefined), (error: unknown) => error instanceof EvcError && error.code === 'TOKEN_FILE_DAMAGED' && /does not hold a token; pass your token with --token/.test(error.message));
  });

  it('a token file that cannot be read says which file', async () => {
    await writeFile(join(dir, 'not-a-dir'), '');
    const file = new TokenFile(join(dir, 'not-a-dir'), 'D1');
    await assert.rejects(file.resolve(GIVEN), (error: unknown) => error instanceof EvcError && error.code === 'TOKEN_FILE_UNREADABLE' && error.message.startsWith(`cannot read ${file.path}: `));
  });
});
