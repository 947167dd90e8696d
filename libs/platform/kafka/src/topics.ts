import { Topics, type TopicKey } from '@inlet/contracts';
import type { ITopicConfig, Kafka } from 'kafkajs';

/** The wire name of a topic: the catalog's name plus a suffix that isolates tests ('' in production). */
export function topicName(key: TopicKey, suffix: string): string {
  return Topics[key].name + suffix;
}

export const topicKeys = Object.keys(Topics) as TopicKey[];

/** What ensureTopics asks the broker for: every topic of the catalog, compacted where the catalog says so. */
export function topicConfigs(suffix: string): ITopicConfig[] {
  return topicKeys.map((key) => ({
    topic: topicName(key, suffix),
    numPartitions: Topics[key].partitions,
    // -1: the broker's default.replication.factor (1 on a local broker, 3 on a cluster).
    replicationFactor: -1,
    configEntries: Topics[key].compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
  }));
}

const READY_WAIT_MS = 30_000;

/**
 * Creates every topic of the catalog that does not exist yet and waits until every partition of
 * every topic serves requests. Idempotent and safe to run from several services at once. An
 * existing topic is left as it is: changing its partition count would move keys between partitions.
 */
export async function ensureTopics(kafka: Kafka, suffix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const configs = topicConfigs(suffix);
    // kafkajs answers false (no throw) when every topic it could not create already existed. Its
    // own wait for leaders gives up on the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker answers for a
    // moment after creation, so the wait is done here.
    await admin.createTopics({ topics: configs, waitForLeaders: false });
    const names = configs.map((c) => c.topic);
    const deadline = Date.now() + READY_WAIT_MS;
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: names });
        const leaderless = topics.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
        if (leaderless.length > 0) throw new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`);
        // A partition can be in the metadata before its leader serves requests (NOT_LEADER on
        // ListOffsets): a consumer started then would rejoin its group instead of consuming.
        for (const name of names) await admin.fetchTopicOffsets(name);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`topics not ready after ${READY_WAIT_MS} ms: ${(error as Error).message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
