import type { CentralCore } from './central-core.ts';
import { checkHeartbeats } from './links.ts';
import { closeDueSessions } from './sessions.ts';

/** Time-driven work at `now()`: missed heartbeats, lapsed reservations, overdue end reports. */
export function tick(core: CentralCore): void {
  checkHeartbeats(core);
  closeDueSessions(core);
}
