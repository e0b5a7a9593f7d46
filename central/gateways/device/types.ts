import type { Logger } from 'pino';
import type { SubmitInput } from '../../core/index.ts';
import type { DeviceEvent, Telemetry } from '../../../protocol/index.ts';

/** Engine → Central messages by type: the events, telemetry, and the retained online flag. */
export type DeviceInbound = DeviceEvent | Telemetry | { type: 'online'; online: boolean; retained: boolean };

export interface DeviceContext {
  submit: SubmitInput;
  logger: Logger;
  /** A line for the operator's event feed (not a core input). */
  notice(level: 'info' | 'warn', cpId: string, text: string): void;
}

/**
 * One handler per message type, one signature (STYLE: aedes handlers); each holds its
 * message's logic and runs it as one core input. `cpId` is the one the channel proves:
 * the topic's owner (MQTT, where the broker's ACL binds it to the Engine's login) or the
 * record key (Kafka), never a field of the message (DESIGN §4.4).
 */
export type DeviceHandler<T extends DeviceInbound['type']> = (
  context: DeviceContext,
  cpId: string,
  message: Extract<DeviceInbound, { type: T }>,
) => Promise<void>;
