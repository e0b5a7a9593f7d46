import type { Logger } from 'pino';
import type { SubmitInput } from '../../core/index.ts';
import type { DriverRequest } from '../../../protocol/index.ts';

export interface DriverContext {
  submit: SubmitInput;
  logger: Logger;
}

/**
 * One handler per request type, one signature (STYLE: aedes handlers); each holds its
 * request's logic and runs it as one core input. `channelDriverId` is the driver the
 * channel proves: the topic's owner on MQTT (the broker's ACL binds it to the login) or
 * the record key on Kafka (see handlers/admit.ts).
 */
export type DriverHandler<T extends DriverRequest['type']> = (
  context: DriverContext,
  channelDriverId: string,
  request: Extract<DriverRequest, { type: T }>,
) => Promise<void>;
