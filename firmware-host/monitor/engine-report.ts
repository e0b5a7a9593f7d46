import type { EngineHealth, EngineState } from '../../protocol/index.ts';

/**
 * DESIGN §4.2 `health.engine`: the Engine's own verdict, `unreachable` when it does not answer, or
 * `starting` while it has not answered yet since the CP started or it said goodbye (within a grace period).
 */
export type EngineVerdict = EngineHealth;

export interface EngineReport {
  engine: EngineVerdict;
  /** Why, for people: "no pong within 1000 ms", "connection refused". */
  detail?: string;
  /** The Engine's state from its last pong. */
  state?: EngineState;
}

/** A health message goes to Central at once only when the verdict changes (DESIGN §4.2 "on every change"). */
export function isVerdictChange(previous: EngineReport | undefined, next: EngineReport): boolean {
  return previous?.engine !== next.engine;
}
