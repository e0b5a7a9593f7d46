import { toKafka, topicMatches } from '../../protocol/index.ts';

/** The Kafka topics of DESIGN §4.4–4.5, created on connect (one per kind, keyed by CP or driver id). */
export const BUS_TOPICS = [
  'evc.cp.cmd',
  'evc.cp.events',
  'evc.cp.telemetry',
  'evc.cp.online',
  'evc.drivers.requests',
  'evc.drivers.events',
] as const;

export class UnmappablePatternError extends Error {
  constructor(pattern: string) {
    super(`the Kafka bus cannot subscribe to "${pattern}": wildcards work only on evc/cp/… and evc/drivers/… names`);
    this.name = 'UnmappablePatternError';
  }
}

/**
 * The Kafka topics that can hold messages matching an MQTT-style pattern. The owner level
 * becomes the record key, so `evc/cp/+/events` and `evc/cp/CP1/events` both read
 * `evc.cp.events` (the key is filtered on delivery with topicMatches).
 */
export function kafkaTopicsFor(pattern: string): string[] {
  if (!/[+#]/.test(pattern)) return [toKafka(pattern).topic];
  const ownerLevel = pattern.split('/')[2];
  const owner = ownerLevel && ownerLevel !== '+' && ownerLevel !== '#' ? ownerLevel : 'any';
  const topics = BUS_TOPICS.filter((topic) => {
    const [, scope, kind] = topic.split('.');
    return topicMatches(pattern, `evc/${scope}/${owner}/${kind}`);
  });
  if (topics.length === 0) throw new UnmappablePatternError(pattern);
  return topics;
}
