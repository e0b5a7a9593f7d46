import type { EventEmitter } from 'node:events';
import type { BusEvents } from './bus.ts';
import type { Logger } from '../base/logger.ts';

/**
 * Emits a non-fatal bus error. An 'error' event with no listener would throw and crash
 * the process, which the bus must never do on bad input, so it is logged instead.
 */
export function reportError(bus: EventEmitter<BusEvents>, error: Error, logger: Logger): void {
  if (bus.listenerCount('error') > 0) bus.emit('error', error);
  else logger.warn({ err: error }, error.message);
}
