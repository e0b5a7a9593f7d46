import type { Logger } from 'pino';
import type { SubmitInput } from '../../app/core-runtime.ts';
import type { DriverRequest } from '../../../protocol/index.ts';

export interface DriverContext {
  submit: SubmitInput;
  logger: Logger;
}

/**
 * One handler per request type, one signature (STYLE: aedes handlers). `channelDriverId`
 * is the driver the channel proves: the topic's owner on MQTT (the broker's ACL binds it
 * to the login) or the record key on Kafka. The core denies a request naming another
 * driver (DESIGN §4.5, `checkDriverChannel`) and dedups on the request id.
 */
export type DriverHandler<T extends DriverRequest['type']> = (
  context: DriverContext,
  channelDriverId: string,
  request: Extract<DriverRequest, { type: T }>,
) => Promise<void>;
