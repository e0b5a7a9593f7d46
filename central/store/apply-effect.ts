import type { Effect } from '../core/index.ts';
import type { Store } from './store.ts';

/**
 * Carries out the core's storage effects; undefined for any other kind, which belongs
 * to another edge. Await the promise of an effect `mustAwait` marks before the next.
 */
export function applyStoreEffect(store: Store, effect: Effect): Promise<void> | undefined {
  switch (effect.kind) {
    case 'register-cp': return store.registerCp(effect.cp, effect.secret);
    case 'persist-cp': return store.updateCp(effect.cp);
    case 'persist-driver': return store.saveDriver(effect.driver);
    case 'persist-session': return store.persistSession(effect.session);
    case 'persist-session-end': return store.persistSessionEnd(effect.ticket);
    case 'ledger-append': return store.appendOperatorAction(effect.line);
    default: return undefined;
  }
}
