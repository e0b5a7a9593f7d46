import assert from 'node:assert/strict';
import { anHttpFixture, type HttpFixture } from '../http-fixture.ts';

describe('central/http GET /metrics (the route)', () => {
  let fixture: HttpFixture;
  before(async () => {
    fixture = await anHttpFixture();
  });
  after(() => fixture.close());

  it('answers the Prometheus text format, never cached', async () => {
    const response = await fetch(fixture.url('/metrics'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(await response.text(), /^# HELP /m);
  });

  it('answers GET and HEAD only', async () => {
    const response = await fetch(fixture.url('/metrics'), { method: 'POST' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  });
});
