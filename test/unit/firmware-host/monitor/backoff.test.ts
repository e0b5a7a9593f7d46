import assert from 'node:assert/strict';
import { CENTRAL_BACKOFF, ENGINE_BACKOFF } from '../../../../firmware-host/monitor/backoff.ts';

describe('firmware-host/monitor backoff policies', () => {
  it('retries the local Engine faster than the remote Central', () => {
    assert.ok(ENGINE_BACKOFF.maxMs < CENTRAL_BACKOFF.maxMs);
    assert.ok(ENGINE_BACKOFF.initialMs <= CENTRAL_BACKOFF.initialMs);
  });
});
