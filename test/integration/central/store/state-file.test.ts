import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyState, idMap, StateFileAdapter, stateFileSchema } from '../../../../central/store/state-file.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { useTempDir } from './temp-dir.ts';

const cp = { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4, lastState: 'AVAILABLE', operatorStopped: false };

describe('central/store state-file (DESIGN §5)', () => {
  const dir = useTempDir();
  const file = () => path.join(dir.path, 'state.json');

  it('a missing file reads as null (a fresh store)', async () => {
    assert.equal(await new StateFileAdapter(file()).read(), null);
  });

  it('writes the state whole and reads it back', async () => {
    const adapter = new StateFileAdapter(file());
    const data = emptyState();
    data.journal = 3;
    data.cps.CP1 = { ...cp, lastState: 'AVAILABLE' };
    await adapter.write(data);
    assert.match(await readFile(file(), 'utf8'), /\n$/);
    const read = await adapter.read();
    assert.equal(read?.journal, 3);
    assert.deepEqual({ ...read?.cps.CP1 }, data.cps.CP1);
  });

  it('keys records by any valid id, even constructor or __proto__, on null-prototype objects (issue 9)', () => {
    const parsed = stateFileSchema.parse(JSON.parse(`{"version":1,"cps":{"__proto__":${JSON.stringify({ ...cp, id: '__proto__' })}},"drivers":{},"sessions":{}}`));
    assert.deepEqual(Object.keys(parsed.cps), ['__proto__']);
    assert.equal(Object.getPrototypeOf(parsed.cps), null);
    assert.equal('constructor' in parsed.drivers, false);
    assert.equal(Object.getPrototypeOf(idMap()), null);
  });

  it('refuses damage with STORE_CORRUPT naming the file and where the shape breaks', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, cps: { CP1: { ...cp, pricePerKwh: -1 } }, drivers: {}, sessions: {} }));
    await assert.rejects(new StateFileAdapter(file()).read(), (error: unknown) => {
      assert.ok(error instanceof EvcError);
      assert.equal(error.code, 'STORE_CORRUPT');
      assert.match(error.message, /state\.json is damaged: it does not have the expected shape \(cps\.CP1\.pricePerKwh: /);
      return true;
    });
    await writeFile(file(), JSON.stringify({ version: 1, cps: [], drivers: {}, sessions: {} }));
    await assert.rejects(new StateFileAdapter(file()).read(), /cps: expected an object keyed by id/);
  });

  it('an unreadable file is STORE_UNREADABLE, not an empty store', async () => {
    await assert.rejects(new StateFileAdapter(dir.path).read(), (error: unknown) => error instanceof EvcError && error.code === 'STORE_UNREADABLE' && /EISDIR/.test(error.message));
  });
});
