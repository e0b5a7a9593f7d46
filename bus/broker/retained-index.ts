import { Readable } from 'node:stream';
import type { AedesPersistence } from 'aedes-persistence';
import { lazyPackage } from '../../base/lazy-package.ts';
import { topicMatches } from '../../protocol/index.ts';

// The package is CommonJS whose module.exports is the factory (its typings describe an ES default export),
// loaded when a broker starts, not with the bus layer every Engine and driver loads.
const loadMemoryPersistence = lazyPackage<() => AedesPersistence>('aedes-persistence');

/** What this index reads of a PUBLISH packet (aedes-packet's type is a union of every packet kind). */
interface Packet {
  topic: string;
  payload: Buffer;
}

const hasWildcard = (pattern: string): boolean => pattern.includes('+') || pattern.includes('#');

/** MQTT 3.1.1 §4.7.2: a pattern starting with a wildcard does not match `$` topics. */
function matches(pattern: string, topic: string): boolean {
  if (topic.startsWith('$') && (pattern.startsWith('+') || pattern.startsWith('#'))) return false;
  return topicMatches(pattern, topic);
}

function* retainedFor(retained: ReadonlyMap<string, Packet>, patterns: readonly string[]): Generator<Packet> {
  for (const pattern of patterns) {
    if (!hasWildcard(pattern)) {
      const packet = retained.get(pattern);
      if (packet) yield packet;
      continue;
    }
    for (const [topic, packet] of retained) if (matches(pattern, topic)) yield packet;
  }
}

/**
 * aedes' in-memory persistence with retained messages indexed by topic. Stock aedes scans
 * every retained message on each SUBSCRIBE (a qlobber test per message), and every CP keeps
 * a retained `evc/cp/{cpId}/online` (DESIGN §4.4): N subscribes × N messages, so a fleet's
 * ramp grew as N². Engines and drivers subscribe to exact topics (`evc/cp/CP1/cmd`), which
 * are now one map lookup; only wildcard patterns (Central's `evc/cp/+/online`, once) scan.
 */
export function indexedRetainedPersistence(): AedesPersistence {
  const memoryPersistence = loadMemoryPersistence();
  const persistence = memoryPersistence();
  const retained = new Map<string, Packet>();
  // aedes 1.x calls it without a callback and awaits the promise; the typings still show the callback form.
  const storeRetained = (packet: Packet, callback?: (error: null) => void): Promise<void> | void => {
    // An empty payload clears the topic's retained message (MQTT 3.1.1 §3.3.1.3).
    if (packet.payload.length === 0) retained.delete(packet.topic);
    else retained.set(packet.topic, { ...packet });
    if (callback) return callback(null);
    return Promise.resolve();
  };
  persistence.storeRetained = storeRetained as AedesPersistence['storeRetained'];
  persistence.createRetainedStream = (pattern: string) => Readable.from(retainedFor(retained, [pattern]));
  persistence.createRetainedStreamCombi = (patterns: string[]) => Readable.from(retainedFor(retained, patterns));
  return persistence;
}
