import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerLine, SessionLedgerLine } from '../../../../central/core/index.ts';
import { latestSessionLines, ledgerFiles, readLedgerBackwards } from '../../../../central/store/ledger-reader.ts';
import { useTempDir } from './temp-dir.ts';

const MAY_2024 = Date.UTC(2024, 4, 15, 12);

function aSession(n: number): SessionLedgerLine {
  return {
    kind: 'session', sessionId: `S${n}`, cpId: 'CP1', driverId: 'D1', startedAt: MAY_2024 + n * 1000, endedAt: MAY_2024 + n * 1000 + 500,
    durationS: 0.5, kWh: n / 10, pricePerKwh: 0.4, amount: (n / 10) * 0.4, currency: 'EUR', reason: 'unplugged',
  };
}

const ndjson = (lines: object[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

async function readAll(dir: string, warn?: (message: string) => void): Promise<LedgerLine[]> {
  const lines: LedgerLine[] = [];
  for await (const line of readLedgerBackwards(dir, warn)) lines.push(line);
  return lines;
}

describe('central/store ledger-reader (DESIGN §5)', () => {
  const dir = useTempDir();
  const file = (name: string) => path.join(dir.path, name);

  it('lists the ledger files newest month first, ignoring other files; none for a missing directory', async () => {
    await Promise.all(['sessions-2024-04.ndjson', 'sessions-2024-06.ndjson', 'state.json', 'sessions-2024-05.ndjson'].map((name) => writeFile(file(name), '')));
    assert.deepEqual(await ledgerFiles(dir.path), ['sessions-2024-06.ndjson', 'sessions-2024-05.ndjson', 'sessions-2024-04.ndjson'].map(file));
    assert.deepEqual(await ledgerFiles(file('nowhere')), []);
  });

  it('reads lines newest first across files and across 64 KiB chunks', async () => {
    const may = Array.from({ length: 2000 }, (_, i) => aSession(i)); // ~400 KiB
    await writeFile(file('sessions-2024-05.ndjson'), ndjson(may));
    await writeFile(file('sessions-2024-06.ndjson'), ndjson([aSession(5000), aSession(5001)]));
    const ids = (await readAll(dir.path)).map((line) => (line as SessionLedgerLine).sessionId);
    assert.deepEqual(ids.slice(0, 3), ['S5001', 'S5000', 'S1999']);
    assert.equal(ids.length, 2002);
    assert.equal(ids.at(-1), 'S0');
  });

  it('skips a torn last line, a line that is not JSON and one that is not a ledger line, each with a warning', async () => {
    await writeFile(file('sessions-2024-05.ndjson'), `${ndjson([aSession(1)])}not json\n${JSON.stringify({ kind: 'note' })}\n${ndjson([aSession(2)])}{"kind":"sess`);
    const warnings: string[] = [];
    const ids = (await readAll(dir.path, (message) => warnings.push(message))).map((line) => (line as SessionLedgerLine).sessionId);
    assert.deepEqual(ids, ['S2', 'S1']);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0]!, /incomplete last line/);
    assert.match(warnings[1]!, /line 3 from the end, not a ledger line/);
    assert.match(warnings[2]!, /line 4 from the end, not JSON/);
  });

  it('latestSessionLines: the newest N sessions, operator lines passed over, a session written twice counted once', async () => {
    const stop = { kind: 'operator', action: 'stop', cpId: 'CP1', atMs: MAY_2024, scope: 'one' };
    await writeFile(file('sessions-2024-05.ndjson'), ndjson([aSession(1), aSession(2), aSession(3), aSession(3), stop]));
    assert.deepEqual((await latestSessionLines(dir.path, 2)).map((line) => line.sessionId), ['S3', 'S2']);
    assert.deepEqual((await latestSessionLines(dir.path, 10)).map((line) => line.sessionId), ['S3', 'S2', 'S1']);
    assert.deepEqual(await latestSessionLines(dir.path, 0), []);
  });
});
