import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TICKET_OUTBOX_FILE, TicketOutbox } from '../../../../central/store/ticket-outbox.ts';
import { EvcError, makeMessage, type Ticket } from '../../../../protocol/index.ts';
import { removeDir, tempDataDir } from '../app/central-fixture.ts';

function aTicket(sessionId: string, driverId = 'D1'): Ticket {
  return makeMessage<Ticket>('ticket', {
    sessionId, cpId: 'CP1', driverId, startedAt: 1, endedAt: 2, durationS: 1, kWh: 1, pricePerKwh: 0.5, amount: 0.5, currency: 'EUR', reason: 'unplugged',
  });
}

describe('central/store TicketOutbox (DESIGN §4.5, §5)', () => {
  let dataDir: string;
  beforeEach(async () => (dataDir = await tempDataDir()));
  afterEach(async () => removeDir(dataDir));

  it('keeps held tickets over a reopen, drops released ones, and only the ticket\'s driver releases it', async () => {
    const outbox = TicketOutbox.open(dataDir);
    const [s1, s2] = [aTicket('S1'), aTicket('S2')];
    await Promise.all([outbox.hold('D1', s1), outbox.hold('D1', s2)]);
    assert.equal(outbox.release('D2', 'S1'), false);
    assert.equal(outbox.release('D1', 'S1'), true);
    await outbox.close();
    const again = TicketOutbox.open(dataDir);
    assert.deepEqual(again.pending(), [{ driverId: 'D1', ticket: s2 }]);
    assert.deepEqual(again.pending('D2'), []);
    await again.close();
    assert.equal(readFileSync(path.join(dataDir, TICKET_OUTBOX_FILE), 'utf8').split('\n').length, 2, 'rewritten to the held ticket alone');
  });

  it('while it runs, rewrites the file to the held tickets once 1000 releases sit in it', async () => {
    const outbox = TicketOutbox.open(dataDir);
    const file = path.join(dataDir, TICKET_OUTBOX_FILE);
    const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    const tickets = Array.from({ length: 1000 }, (_, i) => aTicket(`S${i}`));
    await Promise.all(tickets.map((ticket) => outbox.hold('D1', ticket)));
    for (const ticket of tickets.slice(0, 999)) outbox.release('D1', ticket.sessionId);
    const keep = aTicket('S-keep');
    await outbox.hold('D1', keep); // behind the releases: every line before it is written
    assert.equal(lines(), 2000);
    assert.equal(outbox.release('D1', 'S999'), true);
    assert.equal(lines(), 1, 'the held ticket alone');
    await outbox.hold('D1', aTicket('S-next'));
    await outbox.close();
    const again = TicketOutbox.open(dataDir);
    assert.deepEqual(again.pending().map((held) => held.ticket.sessionId), ['S-keep', 'S-next']);
    await again.close();
  });

  it('a held ticket is on disk once hold resolves: a reopen without close (a crash) has it', async () => {
    const outbox = TicketOutbox.open(dataDir);
    await outbox.hold('D1', aTicket('S1'));
    assert.deepEqual(TicketOutbox.open(dataDir).pending().map((entry) => entry.ticket.sessionId), ['S1']);
  });

  it('drops a torn last line (a crash mid-append) but refuses a damaged one in the middle, naming the file', async () => {
    const file = path.join(dataDir, TICKET_OUTBOX_FILE);
    const held = `${JSON.stringify({ hold: { driverId: 'D1', ticket: aTicket('S1') } })}\n`;
    writeFileSync(file, held);
    appendFileSync(file, '{"hold":{"driverId":"D1","tic');
    const outbox = TicketOutbox.open(dataDir);
    assert.deepEqual(outbox.pending().map((entry) => entry.ticket.sessionId), ['S1']);
    await outbox.close();
    writeFileSync(file, `not json\n${held}`);
    assert.throws(() => TicketOutbox.open(dataDir), (error: unknown) => error instanceof EvcError && error.code === 'STORE_CORRUPT' && error.message.includes(file));
    assert.equal(readFileSync(file, 'utf8'), `not json\n${held}`, 'left as it was');
  });
});
