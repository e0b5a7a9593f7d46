import type { CentralCore } from './central-core.ts';
import type { CpRecord } from './model.ts';
import { endForCpCondition } from './sessions.ts';

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
