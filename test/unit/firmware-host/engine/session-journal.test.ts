import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SessionJournal } from '../../../../firmware-host/engine/session-journal.ts';

describe('SessionJournal', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-journal-'));
    file = path.join(directory, 'session.json');
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('hands the next run the session left charging, with its last checkpoint', () => {
    const journal = SessionJournal.open(file);
    assert.equal(journal.interrupted, undefined);
    journal.begin('S1', 'D1', 1_000);
    journal.checkpoint('S1', 0.5, 61_000);
    journal.checkpoint('S9', 9, 62_000);
    assert.deepEqual(SessionJournal.open(file).interrupted, { sessionId: 'S1', driverId: 'D1', startedAt: 1_000, checkpointAt: 61_000, kWh: 0.5 });
  });

  it('forgets a session once it ended, but not for another session’s end', () => {
    const journal = SessionJournal.open(file);
    journal.begin('S1', 'D1', 0);
    journal.end('S2');
    assert.equal(SessionJournal.open(file).interrupted?.sessionId, 'S1');
    journal.end('S1');
    assert.equal(SessionJournal.open(file).interrupted, undefined);
    assert.equal(fs.existsSync(file), false);
  });

  it('refuses a damaged journal, naming the file', () => {
    fs.writeFileSync(file, '{"sessionId":');
    assert.throws(() => SessionJournal.open(file), (error: Error & { code?: string }) => error.code === 'JOURNAL_CORRUPT' && error.message.includes(file));
  });
});
