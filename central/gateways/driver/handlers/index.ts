import type { DriverRequest } from '../../../../protocol/index.ts';
import type { DriverContext, DriverHandler } from '../types.ts';
import { ack } from './ack.ts';
import { charge } from './charge.ts';
import { listCps } from './list-cps.ts';
import { status } from './status.ts';
import { stop } from './stop.ts';

const handlers: { [T in DriverRequest['type']]: DriverHandler<T> } = { charge, stop, 'list-cps': listCps, status, ack };

/** Routes one validated driver request to its handler (STYLE: one small dispatcher). */
export function handleDriverRequest(context: DriverContext, channelDriverId: string, request: DriverRequest): Promise<void> {
  const handler = handlers[request.type] as DriverHandler<typeof request.type>;
  return handler(context, channelDriverId, request);
}
