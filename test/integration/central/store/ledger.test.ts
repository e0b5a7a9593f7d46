import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OperatorLedgerLine, TicketFields } from '../../../../central/core/index.ts';
import { openStore, type Store } from '../../../../central/store/index.ts';
import { aSessionSnapshot } from '../../../unit/central/builders.ts';
import { useTempDir } from './temp-dir.ts';

const MAY_2024 = Date.UTC(2024, 4, 15, 12);
const JUNE_2024 = Date.UTC(2024, 5, 1, 0, 0, 1);

function aTicket(n: number, overrides: Partial<TicketFields> = {}): TicketFields {
  return {
    sessionId: `S${n}`, cpId: 'CP1', driverId: 'D1', startedAt: MAY_2024 + n * 1000, endedAt: MAY_2024 + n * 1000 + 500, durationS: 0.5,
    kWh: n / 10, pricePerKwh: 0.4, amount: (n / 10) * 0.4, currency: 'EUR', reason: 'unplugged', ...overrides,
  };
}

describe('central/store ledger (DESIGN §5)', () => {
  const dir = useTempDir();
  let store: Store;
  let warnings: string[];
  beforeEach(async () => {
    warnings = [];
    store = await openStore(dir.path, { onWarning: (message) => warnings.push(message) });
  });
  afterEach(async () => {
    await store.close();
  });

  it('appends one JSON line per finished session and operator action, and reads them back newest first', async () => {
    const action: OperatorLedgerLine = { kind: 'operator', action: 'stop', cpId: 'CP1', atMs: MAY_2024 + 1500, scope: 'one', reason: 'maintenance' };
    await store.persistSessionEnd(aTicket(1));
    await store.appendOperatorAction(action);
    await store.persistSessionEnd(aTicket(2));
    const text = await readFile(path.join(store.ledgerDir, 'sessions-2024-05.ndjson'), 'utf8');
    assert.deepEqual(text.trimEnd().split('\n').map((line) => JSON.parse(line)), [
      { kind: 'session', ...aTicket(1) },
      action,
      { kind: 'session', ...aTicket(2) },
    ]);
    const lines = [];
    for await (const line of store.readLedger()) lines.push(line);
    assert.deepEqual(lines, [{ kind: 'session', ...aTicket(2) }, action, { kind: 'session', ...aTicket(1) }]);
  });

  it('a session end leaves the active sessions only after its ledger line is written', async () => {
    await store.persistSession(aSessionSnapshot({ id: 'S1' }));
    await store.persistSessionEnd(aTicket(1));
    assert.deepEqual(await sessionsOnDisk(store.dataDir), []);
    assert.equal((await store.latestSessions(10))[0]!.sessionId, 'S1');
  });

  it('keeps every one of many concurrent appends, in call order', async () => {
    await Promise.all(Array.from({ length: 500 }, (_, i) => store.persistSessionEnd(aTicket(i))));
    const lines = (await readFile(path.join(store.ledgerDir, 'sessions-2024-05.ndjson'), 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 500);
    assert.deepEqual(lines.map((line) => JSON.parse(line).sessionId), Array.from({ length: 500 }, (_, i) => `S${i}`));
  });

  it('starts a new file with the month and reads across files', async () => {
    await store.persistSessionEnd(aTicket(1));
    await store.persistSessionEnd(aTicket(2, { endedAt: JUNE_2024 }));
    assert.deepEqual((await readdir(store.ledgerDir)).sort(), ['sessions-2024-05.ndjson', 'sessions-2024-06.ndjson']);
    assert.deepEqual((await store.latestSessions(10)).map((line) => line.sessionId), ['S2', 'S1']);
  });

  it('latestSessions reads only the latest N, across chunk boundaries, a session counted once', async () => {
    for (let i = 0; i < 3000; i++) await appendFile(path.join(store.ledgerDir, 'sessions-2024-05.ndjson'), `${JSON.stringify({ kind: 'session', ...aTicket(i) })}\n`);
    await store.persistSessionEnd(aTicket(2999)); // the same session twice (crash between the two writes)
    const latest = await store.latestSessions(5);
    assert.deepEqual(latest.map((line) => line.sessionId), ['S2999', 'S2998', 'S2997', 'S2996', 'S2995']);
    assert.equal((await store.latestSessions(5000)).length, 3000);
  });

  it('skips a truncated last line with a warning, and the next append stays readable', async () => {
    const file = path.join(store.ledgerDir, 'sessions-2024-05.ndjson');
    await store.close();
    await writeFile(file, `${JSON.stringify({ kind: 'session', ...aTicket(1) })}\n{"kind":"session","sessionId":"S2","cp`);
    store = await openStore(dir.path, { onWarning: (message) => warnings.push(message) });
    assert.deepEqual((await store.latestSessions(10)).map((line) => line.sessionId), ['S1']);
    assert.match(warnings.join('\n'), /incomplete last line/);
    assert.ok(warnings.every((w) => w.includes(file)), 'warnings name the file');

    await store.persistSessionEnd(aTicket(3));
    assert.deepEqual((await store.latestSessions(10)).map((line) => line.sessionId), ['S3', 'S1']);
    assert.match(warnings.join('\n'), /not JSON/);
  });

  it('skips a line that is JSON but not a ledger line', async () => {
    await writeFile(path.join(store.ledgerDir, 'sessions-2024-05.ndjson'), `${JSON.stringify({ kind: 'session', ...aTicket(1) })}\n{"kind":"mystery"}\n`);
    assert.deepEqual((await store.latestSessions(10)).map((line) => line.sessionId), ['S1']);
    assert.match(warnings[0]!, /not a ledger line/);
  });

  it('loadSnapshot hands the latest tickets to the core and drops an active session already in the ledger', async () => {
    await store.persistSession(aSessionSnapshot({ id: 'S1' }));
    await store.persistSession(aSessionSnapshot({ id: 'S9', cpId: 'CP2' }));
    // A crash after the ledger line, before state.json: simulated by writing the line alone.
    await appendFile(path.join(store.ledgerDir, 'sessions-2024-05.ndjson'), `${JSON.stringify({ kind: 'session', ...aTicket(1) })}\n`);
    const snapshot = await store.loadSnapshot(10);
    assert.deepEqual(snapshot.sessions.map((s) => s.id), ['S9']);
    assert.deepEqual(snapshot.recentTickets, [aTicket(1)]);
    assert.deepEqual(await sessionsOnDisk(store.dataDir), ['S9']);
  });
});

/** Active sessions as a store opened now (after a crash, say) finds them on disk. */
async function sessionsOnDisk(dataDir: string): Promise<string[]> {
  const reopened = await openStore(dataDir);
  try {
    return Object.values((await reopened.loadSnapshot(0)).sessions).map((session) => session.id);
  } finally {
    await reopened.close();
  }
}
