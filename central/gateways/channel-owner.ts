import type { BusMessage } from '../../bus/index.ts';
import { parseTopic } from '../../protocol/index.ts';

/**
 * The CP or driver a delivery's channel proves (DESIGN §4.4–4.5): the owner segment of an
 * `evc/{cp|drivers}/{id}/{kind}` topic (MQTT; on Kafka the bus rebuilds it from the record
 * key). Undefined when the topic is not of that shape or scope.
 */
export function channelOwner(delivery: BusMessage, scope: 'cp' | 'drivers'): string | undefined {
  const parsed = parseTopic(delivery.topic);
  if (parsed?.scope === scope) return parsed.owner;
  return undefined;
}
