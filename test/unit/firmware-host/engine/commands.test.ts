import assert from 'node:assert/strict';
import { makeMessage, type Authorize, type EndSession, type StopCp } from '../../../../protocol/index.ts';
import { MAX_RESERVATION_MS, commandToEvent } from '../../../../firmware-host/engine/commands.ts';

describe('commandToEvent', () => {
  const wallNowMs = 1_700_000_000_000;
  const authorizeUntil = (expiresAt: number) => makeMessage<Authorize>('authorize', { sessionId: 'S1', driverId: 'D1', expiresAt });

  it('moves expiresAt onto the monotonic clock', () => {
    assert.deepEqual(commandToEvent(authorizeUntil(wallNowMs + 60_000), 5_000, wallNowMs), {
      type: 'authorize', sessionId: 'S1', driverId: 'D1', expiresAtMs: 65_000,
    });
  });

  it('makes a late authorize due at once and caps an absurd one', () => {
    assert.equal((commandToEvent(authorizeUntil(wallNowMs - 1), 5_000, wallNowMs) as { expiresAtMs: number }).expiresAtMs, 5_000);
    assert.equal((commandToEvent(authorizeUntil(wallNowMs + 86_400_000), 0, wallNowMs) as { expiresAtMs: number }).expiresAtMs, MAX_RESERVATION_MS);
  });

  it('maps the other commands one to one', () => {
    assert.deepEqual(commandToEvent(makeMessage<StopCp>('stop', { reason: 'x' }), 0, wallNowMs), { type: 'stop' });
    assert.deepEqual(commandToEvent(makeMessage<EndSession>('end-session', { sessionId: 'S1', reason: 'driver-stop' }), 0, wallNowMs), {
      type: 'end-session', sessionId: 'S1', reason: 'driver-stop',
    });
  });
});
