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
}

/** At most this many CPs wait at once: a flood of invented ids cannot grow the list without bound. */
export const MAX_PENDING_CPS = 1000;

/**
 * Holds an unknown CP's hello as PENDING. Not persisted: the Monitor keeps asking with backoff,
 * so a restarted Central sees it again at its next hello. False when the list is full.
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
  return true;
}

/** The operator accepts a pending CP: its next hello registers it with the secret it presents. */
export function acceptPending(core: CentralCore, cpId: string): boolean {
  if (!core.state.pendingCps.delete(cpId)) return false;
  core.state.acceptedCps.add(cpId);
  core.log('info', `operator accepted ${cpId}; its next hello registers it`);
  return true;
}
