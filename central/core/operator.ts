import type { CentralCore } from './central-core.ts';
import type { CpRecord } from './model.ts';
import { unbind } from './links.ts';
import { endForCpCondition, finish } from './sessions.ts';

/**
 * Operator stop/resume (DESIGN §1, §2): stop = end any supply and show "Out of Order"
 * (STOPPED); resume = back to AVAILABLE once healthy. Both go to the ledger first.
 * A stop on a faulted or disconnected CP is remembered and shows once that clears.
 * Callers check `hasCp` first for a 404; an unknown id is only logged here.
 */
export function stopCp(core: CentralCore, cpId: string, reason?: string): void {
  const cp = core.state.cp(cpId);
  if (cp) stop(core, cp, 'one', reason);
  else core.log('warn', `stop: unknown CP ${cpId}`);
}

export function stopAll(core: CentralCore, reason?: string): void {
  for (const cp of core.state.cps()) stop(core, cp, 'all', reason);
}

export function resumeCp(core: CentralCore, cpId: string): void {
  const cp = core.state.cp(cpId);
  if (cp) resume(core, cp, 'one');
  else core.log('warn', `resume: unknown CP ${cpId}`);
}

export function resumeAll(core: CentralCore): void {
  for (const cp of core.state.cps()) resume(core, cp, 'all');
}

function stop(core: CentralCore, cp: CpRecord, scope: 'one' | 'all', reason?: string): void {
  const id = cp.config.id;
  core.emit({ kind: 'ledger-append', line: { kind: 'operator', action: 'stop', cpId: id, atMs: core.now(), scope, ...(reason === undefined ? {} : { reason }) } });
  cp.operatorStopped = true;
  core.emit({ kind: 'persist-cp', cp: core.cpSnapshot(cp) });
  core.toDevice(id, reason === undefined ? { type: 'stop' } : { type: 'stop', reason });
  core.refresh(cp);
  // The Engine ends its supply on `stop` and reports the meter (the report is awaited up
  // to a deadline, so a CP that went silent still gets its session closed).
  endForCpCondition(core, cp, 'stopped', cp.health !== 'unreachable');
}

function resume(core: CentralCore, cp: CpRecord, scope: 'one' | 'all'): void {
  const id = cp.config.id;
  core.emit({ kind: 'ledger-append', line: { kind: 'operator', action: 'resume', cpId: id, atMs: core.now(), scope } });
  cp.operatorStopped = false;
  core.emit({ kind: 'persist-cp', cp: core.cpSnapshot(cp) });
  core.toDevice(id, { type: 'resume' });
  core.refresh(cp);
}

/**
 * The operator removes a CP (issue 14): any supply ends now (Central does not wait for the
 * meter of a CP it forgets; the last telemetry bills it), the Engine is told to stop, the
 * Monitor link closes, and the store forgets the CP and its secret. Its past sessions stay
 * in the ledger. Under open registration a CP still running registers again at its next hello.
 */
export function removeCp(core: CentralCore, cpId: string): void {
  const cp = core.state.cp(cpId);
  if (!cp) return core.log('warn', `remove: unknown CP ${cpId}`);
  core.emit({ kind: 'ledger-append', line: { kind: 'operator', action: 'remove', cpId, atMs: core.now(), scope: 'one' } });
  const session = core.state.sessionAt(cp);
  if (session) {
    core.toDevice(cpId, session.status === 'reserved' ? { type: 'cancel', sessionId: session.id } : { type: 'end-session', sessionId: session.id, reason: 'stopped' });
    finish(core, session, { reason: 'stopped', endedAt: core.now() });
  }
  core.toDevice(cpId, { type: 'stop', reason: 'removed by the operator' });
  if (cp.linkId !== undefined) unbind(core, cp, 'CP removed by the operator');
  core.state.removeCp(cpId);
  core.emit({ kind: 'remove-cp', cpId });
  core.log('warn', `${cpId} removed by the operator`, { cpId });
}

/**
 * A new secret for a CP (issue 14: a lost secret is no dead end). The store keeps only its
 * hash; the Monitor link that logged in with the old one is closed, so the CP is
 * DISCONNECTED until it comes back with the new secret.
 */
export function resetSecret(core: CentralCore, cpId: string, secret: string): void {
  const cp = core.state.cp(cpId);
  if (!cp) return core.log('warn', `reset-secret: unknown CP ${cpId}`);
  core.emit({ kind: 'ledger-append', line: { kind: 'operator', action: 'reset-secret', cpId, atMs: core.now(), scope: 'one' } });
  core.emit({ kind: 'register-cp', cp: structuredClone(cp.config), secret });
  if (cp.linkId !== undefined) unbind(core, cp, 'secret reset by the operator');
  core.refresh(cp);
  core.log('warn', `${cpId}: secret reset by the operator; the old one no longer works`, { cpId });
}
