import type { CentralCore } from './central-core.ts';
import type { CpConfig, CpRecord } from './model.ts';

/**
 * The Monitor link's side of a CP (DESIGN §4.2) that is not one message: CPs added, links
 * dropped, heartbeats missed. `hello` and `health` are handled in
 * central/gateways/monitor/handlers.
 *
 * Secret checking is scrypt, slow and async, so it stays at the edge: the gateway asks the
 * store (`store.checkSecret`) and hands the verdict in. `none` = no secret on file for that id.
 */
export type SecretCheck = 'match' | 'mismatch' | 'none';

/** Adds a CP Central did not know (operator `add-cp` or a first hello). Existing CPs keep their runtime state. */
export function addCp(core: CentralCore, config: CpConfig): CpRecord {
  const cp = core.state.putCp(config);
  core.emit({ kind: 'cp-updated', cpId: config.id });
  return cp;
}

/** The Monitor's TCP link closed: its CP is DISCONNECTED (DESIGN §2), last seen when the link was last heard. */
export function linkClosed(core: CentralCore, linkId: string, lastHeardMs?: number): void {
  const cp = core.state.dropLink(linkId);
  if (!cp) return;
  const heard = lastHeardMs === undefined ? cp.lastSeenMs : Math.max(lastHeardMs, cp.lastSeenMs ?? 0);
  if (heard !== undefined) cp.lastSeenMs = heard;
  delete cp.health;
  cp.linkEndedBy = 'Monitor link lost';
  core.refresh(cp);
}

/** DESIGN §4.2: `missedHeartbeats` heartbeats without a word → DISCONNECTED, and the link is dropped. */
export function checkHeartbeats(core: CentralCore): void {
  for (const cp of core.state.cps()) {
    if (cp.linkId !== undefined && !core.linkFresh(cp)) {
      unbind(core, cp, `no heartbeat for ${core.options.missedHeartbeats} × ${core.options.heartbeatMs} ms`);
      core.refresh(cp);
    }
  }
}

/** Drops the CP's link and asks the gateway to close it. */
export function unbind(core: CentralCore, cp: CpRecord, reason: string): void {
  const linkId = cp.linkId!;
  const heard = core.lastHeard(linkId, cp.lastSeenMs);
  if (heard !== undefined) cp.lastSeenMs = heard;
  core.state.dropLink(linkId);
  delete cp.health;
  cp.linkEndedBy = reason;
  core.emit({ kind: 'close-monitor-link', linkId, reason });
}
