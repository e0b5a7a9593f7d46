import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeMessage, type SessionEnded, type SessionStarted } from '../../../../protocol/index.ts';
import { Outbox } from '../../../../firmware-host/engine/outbox.ts';

function anEnded(overrides: Partial<SessionEnded> = {}): SessionEnded {
  return makeMessage<SessionEnded>('session-ended', { sessionId: 'S1', kWh: 1.5, durationS: 600, reason: 'unplugged', ...overrides });
}

describe('Outbox', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-outbox-'));
    file = path.join(directory, 'nested', 'outbox.json');
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('starts empty when there is no file, creating its directory', () => {
    const outbox = Outbox.open(file);
    assert.deepEqual(outbox.pending, []);
    assert.ok(fs.existsSync(path.dirname(file)));
  });

  it('keeps events on disk, in order, until acknowledged', () => {
    const started = makeMessage<SessionStarted>('session-started', { sessionId: 'S1', driverId: 'D1' });
    const ended = anEnded();
    const outbox = Outbox.open(file);
    outbox.add(started);
    outbox.add(ended);
    outbox.add(ended);
    assert.deepEqual(Outbox.open(file).pending, [started, ended]);

    assert.equal(outbox.ack(started.id), true);
    assert.equal(outbox.ack(started.id), false);
    assert.deepEqual(Outbox.open(file).pending, [ended]);
    assert.equal(outbox.has(ended.id), true);
    outbox.ack(ended.id);
    assert.deepEqual(Outbox.open(file).pending, []);
    assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')), [], 'no temp file left');
  });

  it('drops what a new event supersedes in the same write', () => {
    const started = makeMessage<SessionStarted>('session-started', { sessionId: 'S1', driverId: 'D1' });
    const other = makeMessage<SessionStarted>('session-started', { sessionId: 'S2', driverId: 'D1' });
    const ended = anEnded();
    const outbox = Outbox.open(file);
    outbox.add(started);
    outbox.add(other);
    outbox.add(ended, (pending) => pending.type === 'session-started' && pending.sessionId === 'S1');
    assert.deepEqual(Outbox.open(file).pending, [other, ended]);
  });

  for (const [name, content] of [
    ['garbage', 'not json at all'],
    ['a truncated document', '{"version":1,"pending":[{"type":"session-en'],
    ['an empty file', ''],
    ['a wrong shape', '{"version":1,"pending":[{"type":"session-ended","id":"x"}]}'],
  ] as const) {
    it(`refuses ${name} with an error naming the file, and leaves it untouched`, () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      assert.throws(() => Outbox.open(file), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'OUTBOX_CORRUPT');
        assert.ok(error.message.includes(file), error.message);
        return true;
      });
      assert.equal(fs.readFileSync(file, 'utf8'), content);
    });
  }
});
