import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { SseHub, frame, type SseHubOptions } from '../../../../central/http/sse.ts';
import { FakeOperations, aChargingCpView, aCpView, aSessionView } from '../../../helpers/fake-operations.ts';

/** Just the part of a ServerResponse SseHub uses; each write is kept and announced. */
class FakeResponse extends EventEmitter {
  readonly writes: string[] = [];
  headers: Record<string, string> | undefined;
  writableLength = 0;
  ended = false;
  destroyed = false;

  writeHead(status: number, headers: Record<string, string>): this {
    assert.equal(status, 200);
    this.headers = headers;
    return this;
  }

  write(text: string): boolean {
    this.writes.push(text);
    this.emit('written', text);
    return true;
  }

  end(): void {
    this.ended = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** The event names of one write, in order. */
  static events(text: string): string[] {
    return [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]!);
  }
}

describe('central/http SseHub (one-class: fake responses)', () => {
  let operations: FakeOperations;
  let hub: SseHub;

  function startHub(options: Partial<SseHubOptions> = {}): SseHub {
    operations = new FakeOperations({ cps: [aCpView({ id: 'CP1' }), aCpView({ id: 'CP2' })], sessions: [aSessionView({ id: 'S1' })] });
    hub = new SseHub(operations, { logger: pino({ enabled: false }), batchMs: 5, ...options });
    return hub;
  }

  async function attached(): Promise<FakeResponse> {
    const res = new FakeResponse();
    await hub.attach(new EventEmitter() as IncomingMessage, res as unknown as ServerResponse);
    return res;
  }

  afterEach(() => hub.close());

  it('answers an event stream: headers, a retry hint, then the snapshot', async () => {
    startHub();
    const res = await attached();
    assert.equal(res.headers?.['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(res.headers?.['cache-control'], 'no-store');
    assert.equal(res.writes[0], 'retry: 3000\n\n');
    assert.deepEqual(FakeResponse.events(res.writes[1]!), ['snapshot']);
    const snapshot = JSON.parse(res.writes[1]!.split('data: ')[1]!) as { cps: { id: string }[]; sessions: { id: string }[] };
    assert.deepEqual([snapshot.cps.map((cp) => cp.id), snapshot.sessions.map((s) => s.id)], [['CP1', 'CP2'], ['S1']]);
    assert.equal(hub.clientCount, 1);
  });

  it("gathers a batch into one write: a CP's updates coalesced to its latest, the pending list first, other frames in order", async () => {
    startHub();
    const res = await attached();
    const written = once(res, 'written');
    operations.putCp(aChargingCpView({ id: 'CP1', kW: 3 }));
    operations.log('first');
    operations.putCp(aChargingCpView({ id: 'CP1', kW: 7 }));
    operations.putPending({ id: 'CP8', state: 'PENDING', location: 'Yard', firstSeenMs: 1, lastSeenMs: 1, attempts: 1 });
    operations.endSession(aSessionView({ id: 'S2' }));
    operations.log('second');
    const [text] = (await written) as [string];
    assert.deepEqual(FakeResponse.events(text), ['pending', 'cp', 'log', 'session', 'log']);
    assert.ok(text.includes(frame('cp', aChargingCpView({ id: 'CP1', kW: 7 }))), 'the latest CP1 update');
    assert.equal(res.writes.length, 3, 'retry, snapshot, one batch');
  });

  it('drops an update still in the batch for a CP removed in it', async () => {
    startHub();
    const res = await attached();
    const written = once(res, 'written');
    operations.putCp(aCpView({ id: 'CP2', state: 'FAULTED' }));
    await operations.removeCp('CP2');
    const [text] = (await written) as [string];
    assert.deepEqual(FakeResponse.events(text), ['cp-removed']);
  });

  it('with batchMs 0, writes each event at once', async () => {
    startHub({ batchMs: 0 });
    const res = await attached();
    operations.putCp(aCpView({ id: 'CP1', state: 'FAULTED' }));
    operations.log('now');
    assert.deepEqual(res.writes.slice(2).map(FakeResponse.events), [['cp'], ['log']]);
  });

  it('keeps the last logHistory log lines for the snapshot of a new client, even with no client connected', async () => {
    startHub({ batchMs: 0, logHistory: 2 });
    for (const text of ['one', 'two', 'three']) operations.log(text);
    const res = await attached();
    const snapshot = JSON.parse(res.writes[1]!.split('data: ')[1]!) as { log: { text: string }[] };
    assert.deepEqual(snapshot.log.map((line) => line.text), ['two', 'three']);
  });

  it('drops a client that is too far behind, and keeps writing to the others', async () => {
    startHub({ batchMs: 0 });
    const slow = await attached();
    const fast = await attached();
    slow.writableLength = 5 * 1024 * 1024;
    operations.log('busy');
    assert.equal(slow.destroyed, true);
    assert.equal(slow.writes.length, 2);
    assert.deepEqual(FakeResponse.events(fast.writes.at(-1)!), ['log']);
    assert.equal(hub.clientCount, 1);
  });

  it('forgets a client whose connection closes', async () => {
    startHub({ batchMs: 0 });
    const res = await attached();
    res.emit('close');
    assert.equal(hub.clientCount, 0);
    operations.log('nobody listens');
    assert.equal(res.writes.length, 2);
  });

  it('reports the site power and energy today from its live series', () => {
    startHub();
    operations.putCp(aChargingCpView({ id: 'CP1', kW: 7.4, kWh: 2 }));
    assert.deepEqual(hub.site, { powerKw: 7.4, energyTodayKwh: 2 });
  });

  it('ends every stream and stops listening when closed', async () => {
    startHub();
    const res = await attached();
    hub.close();
    assert.equal(res.ended, true);
    assert.equal(hub.clientCount, 0);
    for (const event of ['cp-updated', 'session-ended', 'cp-removed', 'pending-updated', 'event'] as const) assert.equal(operations.listenerCount(event), 0, event);
  });

  it('frames one event as one data line of JSON', () => {
    assert.equal(frame('log', { text: 'a\nb' }), 'event: log\ndata: {"text":"a\\nb"}\n\n');
  });
});
