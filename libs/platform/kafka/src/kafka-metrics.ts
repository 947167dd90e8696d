import { counter, gauge, histogram, lagAfter, LATENCY_BUCKETS, secondsSince } from '@inlet/platform/metrics';
import type { Batch } from 'kafkajs';

const consumerLag = gauge('inlet_kafka_consumer_lag', 'Messages left in a partition after the last batch this member handled.', ['group', 'topic', 'partition']);
const batchMessages = histogram('inlet_kafka_consumer_batch_messages', 'Messages per fetched batch.', [1, 5, 10, 25, 50, 100, 250, 500, 1000], ['group', 'topic']);
const batchSeconds = histogram('inlet_kafka_consumer_batch_seconds', 'Time to handle and commit one batch, retries included.', LATENCY_BUCKETS, ['group', 'topic']);
const deadLettered = counter('inlet_kafka_dead_lettered_total', 'Messages written to the dead-letter topic.', ['group', 'topic']);
const consumerRetries = counter('inlet_kafka_consumer_retries_total', 'Batch attempts that failed with a retriable error and were retried.', ['group', 'topic']);

const sendSeconds = histogram('inlet_kafka_producer_send_seconds', 'Time from a send to its acknowledgement by Kafka (acks=all), re-sends included.', LATENCY_BUCKETS);
const sendErrors = counter('inlet_kafka_producer_send_errors_total', 'Sends Kafka did not acknowledge or refused.');
const resends = counter('inlet_kafka_producer_resends_total', 'Batches sent again after Kafka did not acknowledge them.');
const queuedBytes = gauge('inlet_kafka_producer_queued_bytes', 'Bytes waiting in the publisher for a send.');

type Children = { batchMessages: ReturnType<typeof batchMessages.labels>; batchSeconds: ReturnType<typeof batchSeconds.labels>; deadLettered: ReturnType<typeof deadLettered.labels>; retries: ReturnType<typeof consumerRetries.labels> };

/**
 * One consumer group member's series, resolved once per topic: batches repeat the same labels, and
 * the hot path should not hash them again for every batch.
 */
export class ConsumerMetrics {
  private readonly byTopic = new Map<string, Children>();

  constructor(private readonly group: string) {}

  /** Call when a batch starts; call the returned function once it is committed (or given up). */
  batchStarted(batch: Pick<Batch, 'topic' | 'messages'>): () => void {
    this.of(batch.topic).batchMessages.observe(batch.messages.length);
    const start = process.hrtime.bigint();
    return () => this.of(batch.topic).batchSeconds.observe(secondsSince(start));
  }

  /** After a batch is committed: what is left to read in its partition. */
  committed(batch: Pick<Batch, 'topic' | 'partition' | 'highWatermark'>, lastOffset: string): void {
    consumerLag.labels(this.group, batch.topic, String(batch.partition)).set(lagAfter(batch.highWatermark, lastOffset));
  }

  retried(topic: string): void {
    this.of(topic).retries.inc();
  }

  deadLettered(topic: string, count: number): void {
    this.of(topic).deadLettered.inc(count);
  }

  private of(topic: string): Children {
    let children = this.byTopic.get(topic);
    if (!children) {
      children = {
        batchMessages: batchMessages.labels(this.group, topic),
        batchSeconds: batchSeconds.labels(this.group, topic),
        deadLettered: deadLettered.labels(this.group, topic),
        retries: consumerRetries.labels(this.group, topic),
      };
      this.byTopic.set(topic, children);
    }
    return children;
  }
}

/** The producer's series (one publisher per process, so no labels). */
export const producerMetrics = {
  sendStarted(): () => void {
    const start = process.hrtime.bigint();
    return () => sendSeconds.observe(secondsSince(start));
  },
  sendFailed(resent: boolean): void {
    sendErrors.inc();
    if (resent) resends.inc();
  },
  queued(bytes: number): void {
    queuedBytes.set(bytes);
  },
};
