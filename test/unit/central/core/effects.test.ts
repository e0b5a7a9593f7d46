import assert from 'node:assert/strict';
import { mustAwait, type Effect } from '../../../../central/core/index.ts';

describe('central/core effects', () => {
  it('mustAwait marks exactly the durable effects', () => {
    const durable: Effect['kind'][] = ['register-cp', 'remove-cp', 'persist-session', 'hold-ticket', 'persist-session-end', 'ledger-append'];
    const all: Effect['kind'][] = [
      'send-device', 'send-driver', 'send-monitor', 'close-monitor-link', 'register-cp', 'persist-cp', 'persist-driver',
      'persist-session', 'persist-session-end', 'ledger-append', 'schedule-tick', 'cp-updated', 'log',
      'remove-cp', 'hold-ticket', 'release-ticket', 'rejected',
    ];
    for (const kind of all) assert.equal(mustAwait({ kind } as Effect), durable.includes(kind), kind);
  });
});
