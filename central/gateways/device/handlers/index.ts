import type { DeviceContext, DeviceHandler, DeviceInbound } from '../types.ts';
import { online } from './online.ts';
import { sessionEnded } from './session-ended.ts';
import { sessionStarted } from './session-started.ts';
import { state } from './state.ts';
import { telemetry } from './telemetry.ts';

const handlers: { [T in DeviceInbound['type']]: DeviceHandler<T> } = {
  state,
  'session-started': sessionStarted,
  'session-ended': sessionEnded,
  telemetry,
  online,
};

/** Routes one validated Engine message to its handler (STYLE: one small dispatcher). */
export function handleDeviceMessage(context: DeviceContext, cpId: string, message: DeviceInbound): Promise<void> {
  const handler = handlers[message.type] as DeviceHandler<typeof message.type>;
  return handler(context, cpId, message);
}
