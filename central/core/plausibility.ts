import type { CentralCore } from './central-core.ts';
import type { CpRecord, SessionRecord } from './model.ts';

/**
 * Central never trusts a CP with money (DESIGN §4.5, issue 9): the energy a session can have
 * delivered is bounded by the CP's registered maximum power × the time Central itself has
 * seen it charging, plus a stated margin for meter rounding and message delay.
 */
export const ENERGY_BOUND = {
  /** A CP that registered no maximum power is held to a typical 22 kW AC point. */
  defaultMaxPowerKw: 22,
  /** Seconds added to the time seen charging: the report and Central's clock may be that far apart. */
  slackS: 2,
  /** On top: 5 % (meter and power tolerance) and 0.01 kWh (the meter's rounding). */
  marginRatio: 0.05,
  marginKwh: 0.01,
} as const;

/**
 * When the supply began as far as Central can vouch: the CP's own start time, but never before
 * Central authorized the session (a CP cannot back-date a start to widen its bound).
 */
export function chargingSinceMs(session: SessionRecord): number {
  return Math.max(session.startedAt ?? session.authorizedAt, session.authorizedAt);
}

/** The longest a session can have lasted by `nowMs`, in seconds, as Central saw it. */
export function durationBoundS(session: SessionRecord, nowMs: number, slackS: number = ENERGY_BOUND.slackS): number {
  return Math.max(0, nowMs - chargingSinceMs(session)) / 1000 + slackS;
}

/** The most power (kW) the CP can deliver, with the meter's and supply's tolerance. */
export function powerBoundKw(cp: CpRecord | undefined): number {
  return (cp?.config.maxPowerKw ?? ENERGY_BOUND.defaultMaxPowerKw) * (1 + ENERGY_BOUND.marginRatio);
}

/** The most energy (kWh) the CP can have delivered in `session` by `nowMs`. */
export function energyBoundKwh(cp: CpRecord | undefined, session: SessionRecord, nowMs: number, slackS: number = ENERGY_BOUND.slackS): number {
  return (powerBoundKw(cp) * durationBoundS(session, nowMs, slackS)) / 3600 + ENERGY_BOUND.marginKwh;
}

/** Marks the CP for the operator (views show `flagged`); it stays until Central restarts or the CP is removed. */
export function flagCp(core: CentralCore, cp: CpRecord, reason: string): void {
  cp.flag = { reason, atMs: core.now(), count: (cp.flag?.count ?? 0) + 1 };
  core.emit({ kind: 'cp-updated', cpId: cp.config.id });
}
