import assert from 'node:assert/strict';
import type { CpView, PendingCpView, SessionView } from '../../../../../central/core/index.ts';
import type { CentralEventLine } from '../../../../../central/operations.ts';
import type { SseSnapshot } from '../../../../../central/http/sse.ts';
import { aCpView, aSessionView } from '../../../../helpers/fake-operations.ts';
import { anHttpFixture, SseReader, type HttpFixture } from '../http-fixture.ts';

describe('central/http GET /events (SSE)', () => {
  let fixture: HttpFixture;
  let stream: SseReader;
  beforeEach(async () => {
    fixture = await anHttpFixture();
    const response = await fetch(fixture.url('/events'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    stream = new SseReader(response.body!);
  });
  afterEach(() => fixture.close());

  it('starts with a snapshot of CPs, sessions and recent log lines', async () => {
    const snapshot = JSON.parse((await stream.nextOf('snapshot')).data) as SseSnapshot;
    assert.deepEqual(
      snapshot.cps.map((cp) => cp.id),
      ['CP1', 'CP2', 'CP3'],
    );
    assert.deepEqual(
      snapshot.sessions.map((session) => session.id),
      ['S2', 'S1'],
    );
    assert.deepEqual(snapshot.log, []);
  });

  it('pushes a cp event when a CP changes', async () => {
    await stream.nextOf('snapshot');
    fixture.operations.putCp(aCpView({ id: 'CP2', state: 'RESERVED', driverId: 'D9' }));
    const view = JSON.parse((await stream.nextOf('cp')).data) as CpView;
    assert.deepEqual([view.id, view.state, view.driverId], ['CP2', 'RESERVED', 'D9']);
  });

  it('lists pending CPs in the snapshot and pushes the whole list when it changes: new, accepted, registered (issue 14)', async () => {
    const waiting = { id: 'CP8', state: 'PENDING' as const, location: 'Yard', firstSeenMs: 1, lastSeenMs: 1, attempts: 1 };
    fixture.operations.pending.push(waiting);
    const second = new SseReader((await fetch(fixture.url('/events'))).body!);
    assert.deepEqual((JSON.parse((await second.nextOf('snapshot')).data) as SseSnapshot).pending, [waiting]);
    await stream.nextOf('snapshot');
    fixture.operations.putPending({ ...waiting, id: 'CP9' });
    assert.deepEqual((JSON.parse((await stream.nextOf('pending')).data) as PendingCpView[]).map((view) => view.id), ['CP8', 'CP9']);
    await fixture.operations.acceptCp('CP9');
    const accepted = JSON.parse((await stream.nextOf('pending')).data) as PendingCpView[];
    assert.deepEqual(accepted.map((view) => [view.id, view.acceptedAtMs !== undefined]), [['CP8', false], ['CP9', true]]);
    fixture.operations.registerPending('CP9', aCpView({ id: 'CP9' }));
    assert.deepEqual((JSON.parse((await stream.nextOf('pending')).data) as PendingCpView[]).map((view) => view.id), ['CP8']);
    assert.equal((JSON.parse((await stream.nextOf('cp')).data) as CpView).id, 'CP9');
    await second.cancel();
  });

  it('pushes session and log events', async () => {
    await stream.nextOf('snapshot');
    fixture.operations.endSession(aSessionView({ id: 'S7', reason: 'fault' }));
    fixture.operations.log('KO pressed', { cpId: 'CP3', level: 'warn' });
    const session = JSON.parse((await stream.nextOf('session')).data) as SessionView;
    assert.deepEqual([session.id, session.reason], ['S7', 'fault']);
    const line = JSON.parse((await stream.nextOf('log')).data) as CentralEventLine;
    assert.deepEqual([line.cpId, line.level, line.text], ['CP3', 'warn', 'KO pressed']);
  });

  it('gives a new client the recent log lines in its snapshot', async () => {
    await stream.nextOf('snapshot');
    fixture.operations.log('first');
    await stream.nextOf('log');
    const second = new SseReader((await fetch(fixture.url('/events'))).body!);
    const snapshot = JSON.parse((await second.nextOf('snapshot')).data) as SseSnapshot;
    assert.deepEqual(
      snapshot.log.map((line) => line.text),
      ['first'],
    );
  });

  it('ends open streams when the server closes', async () => {
    await stream.nextOf('snapshot');
    await fixture.close();
    assert.equal(await stream.next(), undefined);
  });
});
