import { parseTopic } from '../../protocol/index.ts';
import type { BusMessage } from '../bus.ts';

/** A delivered MQTT message as a BusMessage: keyed by the owner segment of its topic (DESIGN §4.4). */
export function mqttMessage(topic: string, payload: Buffer, retained: boolean): BusMessage {
  const message: BusMessage = { topic, payload, retained };
  const key = parseTopic(topic)?.owner;
  if (key !== undefined) message.key = key;
  return message;
}
