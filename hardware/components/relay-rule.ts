import type { EngineState } from '../../protocol/index.ts';

/**
 * DESIGN §2: the relay (power contactor) is closed only while charging, and open in every other state.
 * Beside the Relay, without johnny-five, so the Engine's pure state machine can ask it.
 */
export function relayClosedIn(state: EngineState): boolean {
  return state === 'CHARGING';
}
