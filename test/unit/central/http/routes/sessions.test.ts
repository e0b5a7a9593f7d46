import assert from 'node:assert/strict';
import { DEFAULT_SESSION_LIMIT, MAX_SESSION_LIMIT, parseLimit } from '../../../../../central/http/routes/sessions.ts';

describe('central/http GET /api/sessions ?limit=', () => {
  it('defaults when absent and accepts 1..max', () => {
    assert.equal(parseLimit(null), DEFAULT_SESSION_LIMIT);
    assert.equal(parseLimit(''), DEFAULT_SESSION_LIMIT);
    assert.equal(parseLimit('1'), 1);
    assert.equal(parseLimit(String(MAX_SESSION_LIMIT)), MAX_SESSION_LIMIT);
  });

  for (const bad of ['0', '-1', '1.5', 'ten', '1e3', String(MAX_SESSION_LIMIT + 1), ' 5']) {
    it(`refuses ${JSON.stringify(bad)} with a 400`, () => {
      assert.throws(() => parseLimit(bad), (error: { status?: number }) => error.status === 400);
    });
  }
});
