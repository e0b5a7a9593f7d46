import type { EngineCommand } from './device-client.ts';
import type { EngineEvent } from './core/state-machine.ts';

/** No reservation is held longer than this, whatever `expiresAt` says (a wrong clock must not pin the CP). */
export const MAX_RESERVATION_MS = 10 * 60_000;

/**
 * Turns a command from Central into a state-machine event. `expiresAt` is Central's epoch
 * ms; it becomes a deadline on the Engine's monotonic clock, so a clock step on the CP
 * cannot stretch or cut a reservation. A command that arrives late (queued while the CP was
 * offline) may already be due: it expires on the next tick.
 */
export function commandToEvent(command: EngineCommand, nowMs: number, wallNowMs: number): EngineEvent {
  switch (command.type) {
    case 'authorize': {
      const remainingMs = Math.min(Math.max(command.expiresAt - wallNowMs, 0), MAX_RESERVATION_MS);
      return { type: 'authorize', sessionId: command.sessionId, driverId: command.driverId, expiresAtMs: nowMs + remainingMs };
    }
    case 'cancel': return { type: 'cancel', sessionId: command.sessionId };
    case 'stop': return { type: 'stop' };
    case 'resume': return { type: 'resume' };
    case 'end-session': return { type: 'end-session', sessionId: command.sessionId, reason: command.reason };
  }
}
