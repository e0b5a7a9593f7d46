import assert from 'node:assert/strict';
import type { SessionView } from '../../../../../central/core/index.ts';
import { anHttpFixture, type HttpFixture } from '../http-fixture.ts';

describe('central/http GET /api/sessions (real HTTP, fake operations)', () => {
  let fixture: HttpFixture;
  beforeEach(async () => {
    fixture = await anHttpFixture();
  });
  afterEach(() => fixture.close());

  it('returns active and ended sessions, latest first', async () => {
    const sessions = (await (await fetch(fixture.url('/api/sessions'))).json()) as SessionView[];
    assert.deepEqual(
      sessions.map((session) => [session.id, session.state]),
      [
        ['S2', 'charging'],
        ['S1', 'ended'],
      ],
    );
  });

  it('honours ?limit= and refuses a bad one', async () => {
    const limited = (await (await fetch(fixture.url('/api/sessions?limit=1'))).json()) as SessionView[];
    assert.deepEqual(
      limited.map((session) => session.id),
      ['S2'],
    );
    const bad = await fetch(fixture.url('/api/sessions?limit=lots'));
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: string }).error, 'bad_request');
  });
});
