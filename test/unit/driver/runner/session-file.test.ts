import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionFile } from '../../../../driver/runner/session-file.ts';
import { EvcError } from '../../../../protocol/index.ts';

describe('driver SessionFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evc-session-file-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the current session per driver, creating the folder', async () => {
    const file = new SessionFile(join(dir, 'nested'), 'D1');
    assert.equal(await file.read(), undefined);
    await file.save({ sessionId: 'S1', cpId: 'CP1', savedAtMs: 5 });
    assert.deepEqual(await file.read(), { sessionId: 'S1', cpId: 'CP1', savedAtMs: 5 });
    assert.deepEqual(await readdir(join(dir, 'nested')), ['driver-D1.json'], 'no temp file left behind');
    assert.equal(await new SessionFile(join(dir, 'nested'), 'D2').read(), undefined);
  });

  it('forgets only the session it is told about', async () => {
    const file = new SessionFile(dir, 'D1');
    await file.save({ sessionId: 'S2', cpId: 'CP1', savedAtMs: 5 });
    await file.clear('S1');
    assert.equal((await file.read())?.sessionId, 'S2');
    await file.clear('S2');
    assert.equal(await file.read(), undefined);
  });

  it('refuses a corrupt file, naming it', async () => {
    const file = new SessionFile(dir, 'D1');
    await writeFile(file.path, '{"sessionId":');
    await assert.rejects(file.read(), (error: unknown) => error instanceof EvcError && error.message.startsWith(`${file.path} is not a driver session record`));
  });
});
