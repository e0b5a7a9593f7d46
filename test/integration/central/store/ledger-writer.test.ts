import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OperatorLedgerLine } from '../../../../central/core/index.ts';
import { LedgerWriter } from '../../../../central/store/ledger-writer.ts';
import { useTempDir } from './temp-dir.ts';

const MAY_2024 = Date.UTC(2024, 4, 15, 12);
const JUNE_2024 = Date.UTC(2024, 5, 1, 0, 0, 1);
const anAction = (atMs: number, cpId = 'CP1'): OperatorLedgerLine => ({ kind: 'operator', action: 'stop', cpId, atMs, scope: 'one' });

describe('central/store LedgerWriter (DESIGN §5)', () => {
  const dir = useTempDir();
  const read = async (name: string) => (await readFile(path.join(dir.path, name), 'utf8')).split('\n');

  it('a line is in its month file once append resolves', async () => {
    const writer = new LedgerWriter(dir.path);
    await writer.append(anAction(MAY_2024));
    assert.deepEqual((await read('sessions-2024-05.ndjson')).map((line) => (line ? JSON.parse(line) : line)), [anAction(MAY_2024), '']);
    await writer.close();
  });

  it('lines appended together keep their order, each in the file of its own month', async () => {
    const writer = new LedgerWriter(dir.path);
    await Promise.all([anAction(MAY_2024, 'A'), anAction(MAY_2024 + 1, 'B'), anAction(JUNE_2024, 'C'), anAction(MAY_2024 + 2, 'D')].map((line) => writer.append(line)));
    await writer.close();
    assert.deepEqual((await readdir(dir.path)).sort(), ['sessions-2024-05.ndjson', 'sessions-2024-06.ndjson']);
    const cps = async (name: string) => (await read(name)).filter(Boolean).map((line) => (JSON.parse(line) as OperatorLedgerLine).cpId);
    assert.deepEqual(await cps('sessions-2024-05.ndjson'), ['A', 'B', 'D']);
    assert.deepEqual(await cps('sessions-2024-06.ndjson'), ['C']);
  });

  it('ends a line a crash cut short before appending, so the next line stays readable on its own', async () => {
    await writeFile(path.join(dir.path, 'sessions-2024-05.ndjson'), '{"kind":"operator","act');
    const writer = new LedgerWriter(dir.path);
    await writer.append(anAction(MAY_2024));
    await writer.close();
    const lines = await read('sessions-2024-05.ndjson');
    assert.equal(lines[0], '{"kind":"operator","act');
    assert.deepEqual(JSON.parse(lines[1]!), anAction(MAY_2024));
  });

  it('a failed write rejects its lines and the next append opens the file again', async () => {
    const writer = new LedgerWriter(path.join(dir.path, 'missing-dir'));
    await assert.rejects(writer.append(anAction(MAY_2024)), { code: 'ENOENT' });
    const good = new LedgerWriter(dir.path);
    await good.append(anAction(MAY_2024));
    await good.close();
    await writer.close();
  });

  it('close waits for pending lines, and a closed ledger refuses more', async () => {
    const writer = new LedgerWriter(dir.path);
    const pending = writer.append(anAction(MAY_2024));
    await writer.close();
    await pending;
    assert.equal((await read('sessions-2024-05.ndjson')).filter(Boolean).length, 1);
    await assert.rejects(writer.append(anAction(MAY_2024)), /ledger is closed/);
  });
});
