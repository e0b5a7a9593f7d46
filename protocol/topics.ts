/**
 * Topic names (DESIGN §4.4–4.5). MQTT names are canonical; Kafka uses `/` → `.`
 * with the CP or driver id as the record key, and driver topics are shared by all drivers.
 */
export const topics = {
  cpCommands: (cpId: string) => `evc/cp/${cpId}/cmd`,
  cpEvents: (cpId: string) => `evc/cp/${cpId}/events`,
  cpTelemetry: (cpId: string) => `evc/cp/${cpId}/telemetry`,
  cpOnline: (cpId: string) => `evc/cp/${cpId}/online`,
  driverRequests: (driverId: string) => `evc/drivers/${driverId}/requests`,
  driverEvents: (driverId: string) => `evc/drivers/${driverId}/events`,
} as const;

/** Subscription patterns (MQTT wildcards: `+` one level, `#` the rest). */
export const patterns = {
  allCpCommands: 'evc/cp/+/cmd',
  allCpEvents: 'evc/cp/+/events',
  allCpTelemetry: 'evc/cp/+/telemetry',
  allCpOnline: 'evc/cp/+/online',
  allDriverRequests: 'evc/drivers/+/requests',
  allDriverEvents: 'evc/drivers/+/events',
} as const;

export interface ParsedTopic {
  scope: 'cp' | 'drivers';
  /** CP id or driver id. */
  owner: string;
  kind: string;
}

/** Splits `evc/cp/CP1/cmd` into its parts; undefined for any other shape. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== 'evc') return undefined;
  const [, scope, owner, kind] = parts;
  if ((scope !== 'cp' && scope !== 'drivers') || !owner || !kind) return undefined;
  return { scope, owner, kind };
}

/**
 * Kafka mapping: the owner segment moves into the record key, so `evc/cp/CP1/cmd`
 * becomes topic `evc.cp.cmd` with key `CP1`, and `evc/drivers/D1/events` becomes
 * `evc.drivers.events` with key `D1` (DESIGN §4.5 names `evc.drivers.requests` and
 * `evc.drivers.events`). One topic per kind keeps the topic count fixed however many
 * CPs join; per-key order holds because a key always lands on one partition.
 */
export function toKafka(topic: string): { topic: string; key: string | undefined } {
  const parsed = parseTopic(topic);
  if (!parsed) return { topic: topic.replaceAll('/', '.'), key: undefined };
  return { topic: `evc.${parsed.scope}.${parsed.kind}`, key: parsed.owner };
}

/** Inverse of toKafka: rebuilds the MQTT-style name from a Kafka topic and key. */
export function fromKafka(topic: string, key: string | undefined): string {
  const parts = topic.split('.');
  if (parts.length === 3 && parts[0] === 'evc' && (parts[1] === 'cp' || parts[1] === 'drivers') && key) {
    return `evc/${parts[1]}/${key}/${parts[2]}`;
  }
  return topic.replaceAll('.', '/');
}

/** MQTT wildcard match of a topic against a pattern. */
export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split('/');
  const t = topic.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '#') return true;
    if (i >= t.length) return false;
    if (p[i] !== '+' && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}
