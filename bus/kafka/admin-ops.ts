import type { Admin } from 'kafkajs';

export interface TopicLayout {
  /** DESIGN: 3 partitions, so keys spread while each key keeps its order on one partition. */
  numPartitions: number;
  replicationFactor: number;
}

export const DEFAULT_TOPIC_LAYOUT: TopicLayout = { numPartitions: 3, replicationFactor: 1 };

/** Creates the topics that are missing (an existing topic is left as it is). */
export async function ensureTopics(admin: Admin, topics: string[], layout: TopicLayout): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, ...layout })) });
}

/**
 * For the partitions of `topic` where `groupId` has no committed offset, the current end
 * offsets. A consumer seeks there on its first join, so a brand-new group reads from the
 * moment it subscribed (no replay of history) while a returning group keeps its committed
 * offsets and gets what it missed (DESIGN §4.5).
 */
export async function uncommittedEndOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, string>> {
  const [committed] = await whileRetriable(() => admin.fetchOffsets({ groupId, topics: [topic] }));
  const fresh = new Set((committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition));
  const ends = new Map<number, string>();
  if (fresh.size === 0) return ends;
  for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
    if (fresh.has(partition)) ends.set(partition, high);
  }
  return ends;
}

/**
 * kafkajs's admin.fetchOffsets does not retry; on a broker that has just started, the
 * group coordinator answers "loading" for a few seconds. Retries retriable errors for ~10 s.
 */
async function whileRetriable<T>(operation: () => Promise<T>, deadlineMs = 10_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 1000)) {
    try {
      return await operation();
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() + delayMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
