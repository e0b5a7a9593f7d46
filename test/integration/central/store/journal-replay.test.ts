import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyEntry, journalFiles, replayJournal, type JournalEntry } from '../../../../central/store/journal-replay.ts';
import { journalFileName } from '../../../../central/store/journal.ts';
import { emptyState } from '../../../../central/store/state-file.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { useTempDir } from './temp-dir.ts';

const cp = { id: 'CP1', location: { label: 'Lab 1' }, pricePerKwh: 0.4, lastState: 'AVAILABLE' as const, operatorStopped: false };
const session = { id: 'S1', cpId: 'CP1', driverId: 'D1', status: 'charging' as const, requestId: 'r1', authorizedAt: 1, expiresAt: 2, pricePerKwh: 0.4, currency: 'EUR', kW: 7, kWh: 1 };
const ndjson = (entries: JournalEntry[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');

describe('central/store journal-replay (DESIGN §5)', () => {
  const dir = useTempDir();
  const write = (seq: number, text: string) => writeFile(path.join(dir.path, journalFileName(seq)), text);

  it('applyEntry puts and drops whole records, idempotently', () => {
    const data = emptyState();
    const entries: JournalEntry[] = [{ op: 'cp', cp }, { op: 'driver', driver: { id: 'D1', blocked: false, firstSeenMs: 1 } }, { op: 'session', session }];
    for (const entry of [...entries, ...entries]) applyEntry(data, entry);
    assert.deepEqual([Object.keys(data.cps), Object.keys(data.drivers), Object.keys(data.sessions)], [['CP1'], ['D1'], ['S1']]);
    applyEntry(data, { op: 'session-end', sessionId: 'S1' });
    applyEntry(data, { op: 'cp-remove', cpId: 'CP1' });
    assert.deepEqual([Object.keys(data.cps), Object.keys(data.sessions)], [[], []]);
  });

  it('lists journal files by number, not by name', async () => {
    await Promise.all([write(10, ''), write(9, ''), writeFile(path.join(dir.path, 'state.json'), '{}')]);
    assert.deepEqual((await journalFiles(dir.path)).map((entry) => entry.seq), [9, 10]);
  });

  it('replays files from firstSeq on, oldest first, deletes the older ones and says where to go on', async () => {
    await write(1, ndjson([{ op: 'cp', cp: { ...cp, pricePerKwh: 9 } }]));
    await write(2, ndjson([{ op: 'cp', cp }, { op: 'session', session }]));
    await write(3, ndjson([{ op: 'session-end', sessionId: 'S1' }]));
    const data = emptyState();
    const result = await replayJournal(dir.path, data, 2, () => assert.fail('no warning expected'));
    assert.deepEqual(result, { nextSeq: 4, replayed: 3 });
    assert.equal(data.cps.CP1?.pricePerKwh, 0.4, 'file 1 is already in state.json: not applied');
    assert.deepEqual(Object.keys(data.sessions), []);
    assert.deepEqual((await readdir(dir.path)).sort(), [journalFileName(2), journalFileName(3)]);
  });

  it('no journal: nextSeq stays firstSeq', async () => {
    assert.deepEqual(await replayJournal(dir.path, emptyState(), 7, () => undefined), { nextSeq: 7, replayed: 0 });
  });

  it('skips a last line cut short, with a warning', async () => {
    await write(0, `${ndjson([{ op: 'cp', cp }])}{"op":"sess`);
    const warnings: string[] = [];
    const data = emptyState();
    assert.deepEqual(await replayJournal(dir.path, data, 0, (message) => warnings.push(message)), { nextSeq: 1, replayed: 1 });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /skipped its last line, cut short by a crash/);
  });

  it('a damaged line inside stops the replay with STORE_CORRUPT naming the file and line', async () => {
    await write(0, `${ndjson([{ op: 'cp', cp }])}{"op":"bogus"}\n`);
    await assert.rejects(replayJournal(dir.path, emptyState(), 0, () => undefined), (error: unknown) => {
      assert.ok(error instanceof EvcError);
      assert.equal(error.code, 'STORE_CORRUPT');
      assert.match(error.message, new RegExp(`${journalFileName(0)} is damaged: line 2 is not a journal entry`));
      return true;
    });
    await write(0, 'not json\n');
    await assert.rejects(replayJournal(dir.path, emptyState(), 0, () => undefined), /line 1 is not JSON/);
  });
});
