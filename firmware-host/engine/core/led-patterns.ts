import type { EngineState } from '../../../protocol/index.ts';

export type LedMode = 'off' | 'on' | 'blink';

export interface LedPattern {
  green: LedMode;
  amber: LedMode;
  red: LedMode;
}

/** DESIGN §2: the LEDs on the board for each state. */
export const LED_PATTERNS: Readonly<Record<EngineState, Readonly<LedPattern>>> = {
  AVAILABLE: { green: 'on', amber: 'off', red: 'off' },
  RESERVED: { green: 'blink', amber: 'off', red: 'off' },
  CHARGING: { green: 'on', amber: 'blink', red: 'off' },
  STOPPED: { green: 'off', amber: 'on', red: 'off' },
  FAULTED: { green: 'off', amber: 'off', red: 'on' },
};
