import assert from 'node:assert/strict';
import { anHttpFixture, type HttpFixture } from '../http-fixture.ts';

describe('central/http GET / (the dashboard page)', () => {
  let fixture: HttpFixture;
  before(async () => {
    fixture = await anHttpFixture();
  });
  after(() => fixture.close());

  it('serves the dashboard at / with a CSP', async () => {
    const response = await fetch(fixture.url('/'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await response.text(), /<title>EVC Central<\/title>/);
  });
});
