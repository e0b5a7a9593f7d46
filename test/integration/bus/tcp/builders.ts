import { randomUUID } from 'node:crypto';
import type { Health, Ping, Pong } from '../../../../protocol/messages/monitor.ts';

export const aPing = (seq: number, override: Partial<Ping> = {}): Ping => ({ type: 'ping', id: randomUUID(), ts: Date.now(), seq, ...override });
export const aPong = (ping: Ping, override: Partial<Pong> = {}): Pong => ({
  type: 'pong',
  id: randomUUID(),
  ts: Date.now(),
  re: ping.id,
  seq: ping.seq,
  health: 'ok',
  state: 'AVAILABLE',
  ...override,
});
export const aHealth = (override: Partial<Health> = {}): Health => ({
  type: 'health',
  id: randomUUID(),
  ts: Date.now(),
  cpId: 'CP1',
  engine: 'ok',
  ...override,
});

/** Active timers of the whole process (mocha's own test timer included). */
export const activeTimers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/**
 * Timers active at the start of a test, once mocha has armed its own test timeout
 * (it does so right after the test function returns its promise).
 */
export async function baselineTimers(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  return activeTimers();
}
