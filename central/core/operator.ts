import type { CoreContext } from './context.ts';
import type { CpRecord } from './model.ts';
import { endForCpCondition } from './sessions.ts';

/**
 * Operator stop/resume (DESIGN §1, §2): stop = end any supply and show "Out of Order"
 * (STOPPED); resume = back to AVAILABLE once healthy. Both go to the ledger first.
 * A stop on a faulted or disconnected CP is remembered and shows once that clears.
 */
export function stopCp(ctx: CoreContext, cp: CpRecord, scope: 'one' | 'all', reason?: string): void {
  const id = cp.config.id;
  ctx.emit({ kind: 'ledger-append', line: { kind: 'operator', action: 'stop', cpId: id, atMs: ctx.now(), scope, ...(reason === undefined ? {} : { reason }) } });
  cp.operatorStopped = true;
  ctx.emit({ kind: 'persist-cp', cp: ctx.cpSnapshot(cp) });
  ctx.toDevice(id, reason === undefined ? { type: 'stop' } : { type: 'stop', reason });
  ctx.refresh(cp);
  // The Engine ends its supply on `stop` and reports the meter (the report is awaited up
  // to a deadline, so a CP that went silent still gets its session closed).
  endForCpCondition(ctx, cp, 'stopped', cp.health !== 'unreachable');
}

export function resumeCp(ctx: CoreContext, cp: CpRecord, scope: 'one' | 'all'): void {
  const id = cp.config.id;
  ctx.emit({ kind: 'ledger-append', line: { kind: 'operator', action: 'resume', cpId: id, atMs: ctx.now(), scope } });
  cp.operatorStopped = false;
  ctx.emit({ kind: 'persist-cp', cp: ctx.cpSnapshot(cp) });
  ctx.toDevice(id, { type: 'resume' });
  ctx.refresh(cp);
}
