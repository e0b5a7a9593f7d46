import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseJsonAs } from '../../../base/json.ts';

describe('base/json parseJsonAs', () => {
  const schema = z.object({ sessionId: z.string() });

  it('returns the value when the text is JSON of the shape', () => {
    assert.deepEqual(parseJsonAs(schema, '{"sessionId":"S1"}'), { sessionId: 'S1' });
  });

  it('returns undefined for text that is not JSON, or JSON of another shape', () => {
    assert.equal(parseJsonAs(schema, '{"sessionId":'), undefined);
    assert.equal(parseJsonAs(schema, '{"sessionId":7}'), undefined);
    assert.equal(parseJsonAs(schema, ''), undefined);
  });
});
