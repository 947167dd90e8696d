import { Topics, type TopicKey } from '@inlet/contracts';
import { ConfigResourceTypes, type ITopicConfig, type Kafka } from 'kafkajs';

/** The wire name of a topic: the catalog's name plus a suffix that isolates tests ('' in production). */
export function topicName(key: TopicKey, suffix: string): string {
  return Topics[key].name + suffix;
}

export const topicKeys = Object.keys(Topics) as TopicKey[];

/**
 * The largest message a topic takes. A request body may be up to 16 MiB (`max_body_bytes`), and the
 * intake message carries it in base64 (4/3 larger) with its headers; the broker's 1 MB default
 * would refuse an ordinary 1 MiB webhook.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** The settings every topic of the catalog must have: the message size, and compaction where the catalog says so. */
export function topicSettings(key: TopicKey): { name: string; value: string }[] {
  return [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }, ...(Topics[key].compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [])];
}

/** What ensureTopics asks the broker for: every topic of the catalog, with its settings. */
export function topicConfigs(suffix: string): ITopicConfig[] {
  return topicKeys.map((key) => ({
    topic: topicName(key, suffix),
    numPartitions: Topics[key].partitions,
    // -1: the broker's default.replication.factor (1 on a local broker, 3 on a cluster).
    replicationFactor: -1,
    configEntries: topicSettings(key),
  }));
}

const READY_WAIT_MS = 30_000;

/**
 * Creates every topic of the catalog that does not exist yet and waits until every partition of
 * every topic serves requests, then brings every topic's settings in line (a topic made by an older
 * version keeps its data). Idempotent and safe to run from several services at once. Partition
 * counts of existing topics are left as they are: changing one would move keys between partitions.
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
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`topics not ready after ${READY_WAIT_MS} ms: ${(error as Error).message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // Not incremental: a topic's settings become exactly these (the catalog owns all of them).
    await admin.alterConfigs({
      validateOnly: false,
      resources: topicKeys.map((key) => ({ type: ConfigResourceTypes.TOPIC, name: topicName(key, suffix), configEntries: topicSettings(key) })),
    });
  } finally {
    await admin.disconnect();
  }
}
