import type { DriverEvent } from '../../../../protocol/index.ts';
import { cpReaches, type TestCentral } from './central-fixture.ts';
import type { TestDriver} from './test-clients.ts';
import { TestEngine } from './test-clients.ts';
import { TestMonitor } from './test-monitor.ts';

/** One CP as the rest of the system sees it: its Monitor (TCP) and its Engine (device bus). */
export interface CpRig {
  cpId: string;
  secret: string;
  monitor: TestMonitor;
  engine: TestEngine;
  close(): Promise<void>;
}

/** Registers `cpId` (open registration) through a real Monitor link and logs its Engine in. */
export async function connectCp(central: TestCentral, cpId: string, pricePerKwh = 0.5, secret = `${cpId}-secret`): Promise<CpRig> {
  const monitor = await TestMonitor.connect(central.handle.ports.monitor);
  const reply = await monitor.hello({ cpId, secret, location: { label: `Bay ${cpId}` }, pricePerKwh });
  if (reply.type !== 'welcome') throw new Error(`${cpId} was not welcomed: ${JSON.stringify(reply)}`);
  await cpReaches(central.operations, cpId, 'AVAILABLE');
  const engine = await TestEngine.connect(central.mqttUrl, cpId, secret);
  return {
    cpId,
    secret,
    monitor,
    engine,
    close: async () => {
      await monitor.close();
      await engine.close();
    },
  };
}

export type Event<T extends DriverEvent['type']> = Extract<DriverEvent, { type: T }>;
export function isEvent<T extends DriverEvent['type']>(type: T, match: (event: Event<T>) => boolean = () => true) {
  return (event: DriverEvent): event is Event<T> => event.type === type && match(event as Event<T>);
}

/** Driver asks for a charge at `cpId`; resolves with the session id once authorized. */
export async function reserve(driver: TestDriver, cpId: string): Promise<string> {
  const request = await driver.request({ type: 'charge', driverId: driver.driverId, cpId });
  const accepted = await driver.events.next(isEvent('accepted', (event) => event.re === request.id), `accepted for ${request.id}`);
  const authorized = await driver.events.next(isEvent('authorized', (event) => event.cpId === cpId), `authorized at ${cpId}`);
  if (accepted.sessionId !== authorized.sessionId) throw new Error('accepted and authorized name different sessions');
  return authorized.sessionId;
}
