import type { Hello } from '../../protocol/index.ts';
import type { CentralCore } from './central-core.ts';

/** A CP that said hello under registration approve and waits for an operator (DESIGN §2 PENDING). */
export interface PendingCpView {
  id: string;
  state: 'PENDING';
  location: string;
  firstSeenMs: number;
  lastSeenMs: number;
  attempts: number;
  /** The operator accepted it: it is registered at its next hello (the Monitor retries with backoff, up to 30 s apart). */
  acceptedAtMs?: number;
}

/** At most this many CPs wait at once: a flood of invented ids cannot grow the list without bound. */
export const MAX_PENDING_CPS = 1000;

/**
 * Holds an unknown CP's hello as PENDING. Not persisted: the Monitor keeps asking with backoff,
 * so a restarted Central sees it again at its next hello. False when the list is full.
 * The views are told (`pending-updated`) of every change: a new CP, another attempt.
 */
export function holdPending(core: CentralCore, hello: Hello): boolean {
  const pending = core.state.pendingCps;
  const known = pending.get(hello.cpId);
  if (!known && pending.size >= MAX_PENDING_CPS) return false;
  const now = core.now();
  pending.set(hello.cpId, {
    id: hello.cpId,
    state: 'PENDING',
    location: hello.location.label,
    firstSeenMs: known?.firstSeenMs ?? now,
    lastSeenMs: now,
    attempts: (known?.attempts ?? 0) + 1,
  });
  core.emit({ kind: 'pending-updated' });
  return true;
}

/**
 * The operator accepts a pending CP: its next hello registers it with the secret it presents.
 * It stays listed, accepted, until then, so the views show it waiting rather than gone.
 */
export function acceptPending(core: CentralCore, cpId: string): boolean {
  const pending = core.state.pendingCps.get(cpId);
  if (!pending) return false;
  if (pending.acceptedAtMs !== undefined) return true;
  pending.acceptedAtMs = core.now();
  core.emit({ kind: 'pending-updated' });
  core.log('info', `operator accepted ${cpId}; its next hello registers it`);
  return true;
}

/** Registration approve lets this CP in: the operator accepted it. */
export function isAccepted(core: CentralCore, cpId: string): boolean {
  return core.state.pendingCps.get(cpId)?.acceptedAtMs !== undefined;
}

/** The CP is registered (or was added otherwise): it leaves the pending list. */
export function leavePending(core: CentralCore, cpId: string): void {
  if (core.state.pendingCps.delete(cpId)) core.emit({ kind: 'pending-updated' });
}
