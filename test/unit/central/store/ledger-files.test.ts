import assert from 'node:assert/strict';
import path from 'node:path';
import type { LedgerLine } from '../../../../central/core/index.ts';
import { isLedgerFileName, ledgerFileName, ledgerLineSchema, ledgerPath, lineTime } from '../../../../central/store/ledger-files.ts';

const MAY_2024 = Date.UTC(2024, 4, 15, 12);

const session: LedgerLine = {
  kind: 'session', sessionId: 'S1', cpId: 'CP1', driverId: 'D1', startedAt: MAY_2024 - 60_000, endedAt: Date.UTC(2024, 5, 1, 0, 0, 1),
  durationS: 60, kWh: 1, pricePerKwh: 0.4, amount: 0.4, currency: 'EUR', reason: 'unplugged',
};
const operator: LedgerLine = { kind: 'operator', action: 'stop', cpId: 'CP1', atMs: MAY_2024, scope: 'one' };

describe('central/store ledger-files (DESIGN §5)', () => {
  it('names files by the UTC month', () => {
    assert.equal(ledgerFileName(MAY_2024), 'sessions-2024-05.ndjson');
    assert.equal(ledgerFileName(Date.UTC(2024, 11, 31, 23, 59, 59)), 'sessions-2024-12.ndjson');
  });

  it('knows its own file names and no others', () => {
    assert.equal(isLedgerFileName('sessions-2024-05.ndjson'), true);
    for (const name of ['sessions-2024-5.ndjson', 'sessions-2024-05.ndjson.tmp', 'journal-000001.ndjson', 'state.json']) assert.equal(isLedgerFileName(name), false, name);
  });

  it('files a session under the month it ended in, an operator action under its time', () => {
    assert.equal(lineTime(session), session.endedAt);
    assert.equal(lineTime(operator), MAY_2024);
    assert.equal(ledgerPath('/data/ledger', session), path.join('/data/ledger', 'sessions-2024-06.ndjson'));
    assert.equal(ledgerPath('/data/ledger', operator), path.join('/data/ledger', 'sessions-2024-05.ndjson'));
  });

  it('the line schema takes both kinds and refuses a line of neither', () => {
    assert.deepEqual(ledgerLineSchema.parse(session), session);
    assert.deepEqual(ledgerLineSchema.parse(operator), operator);
    assert.equal(ledgerLineSchema.safeParse({ ...session, kWh: -1 }).success, false);
    assert.equal(ledgerLineSchema.safeParse({ ...operator, action: 'explode' }).success, false);
    assert.equal(ledgerLineSchema.safeParse({ kind: 'note', text: 'hi' }).success, false);
  });
});
