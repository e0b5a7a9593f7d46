import type { CpState, EngineState } from '../../protocol/index.ts';
import type { CpRecord, EngineHealth, SessionRecord } from './model.ts';

/** Everything Central's view of one CP depends on (DESIGN §2). */
export interface CpStateInputs {
  /** A Monitor link said hello and its heartbeats are fresh. */
  linkUp: boolean;
  /** Last Monitor health; undefined until the Monitor's first report after hello. */
  health: EngineHealth | undefined;
  /** The Engine is live on Central's device bus (its online flag or an event from it). */
  engineOnBus: boolean;
  /** Last `state` the Engine published; undefined until the first one. */
  engineState: EngineState | undefined;
  operatorStopped: boolean;
  /** The active session at the CP; a session being ended counts as still charging. */
  session: 'reserved' | 'charging' | undefined;
}

/**
 * Precedence, most serious first: DISCONNECTED > FAULTED > STOPPED > CHARGING > RESERVED > AVAILABLE.
 * - No live Monitor link hides everything else: Central cannot vouch for the CP. Nor can it
 *   between hello and the Monitor's first health, while the Monitor says the Engine is still
 *   `starting`, or while the Engine is not on Central's device bus (issue 12: a CP on the wrong
 *   broker): a driver authorized then would wait on a CP that cannot charge.
 * - A fault shows even on a stopped CP (red means someone must look at the hardware);
 *   once it clears the CP is STOPPED again until resumed.
 * - A session never survives FAULTED or STOPPED (the core ends it), so those two win over it.
 * The Engine's own RESERVED/CHARGING/STOPPED reports do not drive this view: Central owns
 * sessions and stops and reconciles the Engine towards them (gateways/device/handlers/state.ts).
 */
export function deriveCpState(inputs: CpStateInputs): CpState {
  if (!inputs.linkUp || inputs.health === undefined || inputs.health === 'starting') return 'DISCONNECTED';
  if (isFaulted(inputs)) return 'FAULTED';
  if (!inputs.engineOnBus) return 'DISCONNECTED';
  if (inputs.operatorStopped) return 'STOPPED';
  // The relay may still be closed while the Engine says it charges, whatever ended the session
  // here (issue 9: a forged session-ended must not show AVAILABLE over a closed relay).
  if (inputs.session === 'charging' || inputs.engineState === 'CHARGING') return 'CHARGING';
  if (inputs.session === 'reserved') return 'RESERVED';
  return 'AVAILABLE';
}

/** Why a CP is not live, in words for the panel, the dashboard and GET /api/cps (`detail`); undefined when it is. */
export function notLiveReason(inputs: CpStateInputs, linkEndedBy?: string): string | undefined {
  if (!inputs.linkUp) return linkEndedBy ?? 'no Monitor link';
  if (inputs.health === undefined) return 'waiting for the Monitor\'s first report';
  if (inputs.health === 'starting') return 'Engine starting';
  if (inputs.health === 'unreachable') return 'Engine unreachable';
  if (inputs.health === 'ko') return 'KO pressed';
  if (inputs.engineState === 'FAULTED') return 'Engine faulted';
  if (!inputs.engineOnBus) return 'Engine not on the device bus';
  return undefined;
}

export function isFaulted(inputs: Pick<CpStateInputs, 'health' | 'engineState'>): boolean {
  return inputs.health === 'ko' || inputs.health === 'unreachable' || inputs.engineState === 'FAULTED';
}

/** What a CP's record and its active session say about its state (a session being ended counts as charging). */
export function cpStateInputs(cp: CpRecord, session: SessionRecord | undefined): CpStateInputs {
  return {
    linkUp: cp.linkId !== undefined,
    health: cp.health,
    engineOnBus: cp.engineOnBus === true,
    engineState: cp.engineState,
    operatorStopped: cp.operatorStopped,
    session: session === undefined ? undefined : session.status === 'reserved' ? 'reserved' : 'charging',
  };
}
