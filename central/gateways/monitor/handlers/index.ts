import type { MonitorToCentral } from '../../../../protocol/index.ts';
import type { MonitorContext, MonitorHandler, MonitorLinkRef } from '../types.ts';
import { bye } from './bye.ts';
import { health } from './health.ts';
import { hello } from './hello.ts';

const handlers: { [T in MonitorToCentral['type']]: MonitorHandler<T> } = { hello, health, bye };

/** Routes one validated Monitor message to its handler (STYLE: one small dispatcher). */
export function handleMonitorMessage(context: MonitorContext, link: MonitorLinkRef, message: MonitorToCentral): Promise<void> {
  const handler = handlers[message.type] as MonitorHandler<typeof message.type>;
  return handler(context, link, message);
}
