import assert from 'node:assert/strict';
import { LinkError } from '../../../../bus/tcp/errors.ts';
import { EvcError } from '../../../../protocol/index.ts';

describe('bus/tcp LinkError', () => {
  it('is an EvcError with its code, a runtime failure (exit 1)', () => {
    const error = new LinkError('TIMEOUT', 'no ACK within 1000 ms');
    assert.ok(error instanceof EvcError);
    assert.deepEqual([error.name, error.code, error.exitCode, error.message], ['LinkError', 'TIMEOUT', 1, 'no ACK within 1000 ms']);
  });
});
