import type { EngineState } from '../../protocol/index.ts';

/** DESIGN §4.2 `health.engine`: the Engine's own verdict, or `unreachable` when it does not answer. */
export type EngineVerdict = 'ok' | 'ko' | 'unreachable';

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
