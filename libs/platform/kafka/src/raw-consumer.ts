import type { TopicKey } from '@inlet/contracts';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_BACKOFF, StopSignal, type BackoffOptions } from './backoff';
import { attemptBatch, canContinue } from './batch-attempt';
import { GROUP_MEMBERSHIP } from './consumer-runner';
import { headersToStrings } from './headers';
import { ConsumerMetrics } from './kafka-metrics';
import { topicName } from './topics';
import { consumerAttributes, tracer } from './tracing';

/** One record as it is on the topic: no schema applies (the dead-letter topic holds any bytes). */
export type RawRecord = {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  /** The broker's timestamp of the record (ms since the epoch, as text). */
  timestamp: string;
  /** Context of this record's CONSUMER span, child of the traceparent in its headers. */
  context: Context;
};

/**
 * Handles one topic-partition fetch. A retriable failure (see isRetriable) retries the batch with
 * backoff; any other failure is logged and the batch is skipped: a raw topic has no dead-letter
 * topic of its own, and a record that cannot be handled must not block its partition.
 */
export type RawBatchHandler = (records: RawRecord[]) => Promise<void>;

export type RawConsumerOptions = {
  groupId: string;
  topic: TopicKey;
  topicSuffix: string;
  logger: Logger;
  retry?: Partial<BackoffOptions>;
};

/**
 * A consumer group member for a topic whose records are not envelopes (the dead-letter topic), which
 * ConsumerRunner refuses. Same contract otherwise: batches per topic-partition, retries with
 * backoff while the member runs, offsets committed once a batch is handled or given up.
 */
export class RawConsumer {
  private readonly kafka: Kafka;
  private readonly opts: RawConsumerOptions;
  private readonly topic: string;
  private readonly logger: Logger;
  private readonly backoff: BackoffOptions;
  private consumer: Consumer | undefined;
  private isRunning = false;
  private readonly stopSignal = new StopSignal();
  private readonly metrics: ConsumerMetrics;

  constructor(kafka: Kafka, opts: RawConsumerOptions) {
    this.kafka = kafka;
    this.opts = opts;
    this.metrics = new ConsumerMetrics(opts.groupId);
    this.topic = topicName(opts.topic, opts.topicSuffix);
    this.logger = opts.logger.child({ component: 'raw-consumer', groupId: opts.groupId, topic: this.topic });
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.retry };
  }

  /** True from start() until stop(), or until kafkajs gave up on the consumer. For /ready. */
  get running(): boolean {
    return this.isRunning;
  }

  /** Joins the group and starts handling; a group without committed offsets starts at the beginning. */
  async start(handler: RawBatchHandler): Promise<void> {
    if (this.consumer) throw new Error('RawConsumer.start() was already called');
    const consumer = this.kafka.consumer({ groupId: this.opts.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500, ...GROUP_MEMBERSHIP });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error({ err: payload.error, restart: payload.restart }, 'kafka consumer crashed');
      if (!payload.restart) this.isRunning = false;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    this.isRunning = true;
    await consumer.run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch: (payload) => this.processBatch(payload, handler) });
  }

  /** Stops fetching, lets the batch in hand finish, gives up a batch waiting to retry, leaves the group. */
  async stop(): Promise<void> {
    this.stopSignal.stop();
    try {
      await this.consumer?.disconnect();
    } finally {
      this.isRunning = false;
    }
  }

  private async processBatch(payload: EachBatchPayload, handler: RawBatchHandler): Promise<void> {
    const { batch } = payload;
    if (!canContinue(this.stopSignal, payload) || batch.messages.length === 0) return;
    const where = { partition: batch.partition, firstOffset: batch.firstOffset(), lastOffset: batch.lastOffset() };
    const spans = batch.messages.map((raw) => {
      const headers = headersToStrings(raw.headers);
      const parent = propagation.extract(ROOT_CONTEXT, headers);
      const key = raw.key === null ? null : raw.key.toString('utf8');
      const span = tracer.startSpan(
        `${this.topic} process`,
        {
          kind: SpanKind.CONSUMER,
          attributes: consumerAttributes({ topic: this.topic, partition: batch.partition, offset: raw.offset, key, group: this.opts.groupId, tombstone: raw.value === null }),
        },
        parent,
      );
      const record: RawRecord = { key, value: raw.value, headers, partition: batch.partition, offset: raw.offset, timestamp: raw.timestamp, context: trace.setSpan(parent, span) };
      return { span, record };
    });
    let committed = false;
    const handled = this.metrics.batchStarted(batch);
    // As in ConsumerRunner: kafkajs heartbeats only between batches, and a batch may wait out a store outage.
    const heartbeats = setInterval(() => void payload.heartbeat().catch(() => undefined), GROUP_MEMBERSHIP.heartbeatInterval);
    try {
      const outcome = await attemptBatch(() => handler(spans.map((s) => s.record)), {
        payload,
        backoff: this.backoff,
        stopSignal: this.stopSignal,
        metrics: this.metrics,
        logger: this.logger,
        where,
      });
      if (outcome.kind === 'stopped') return;
      if (outcome.kind === 'failed') {
        this.logger.error({ ...where, err: outcome.error }, 'raw batch failed with a non-retriable error; skipped');
        spans.forEach((s) => s.span.setStatus({ code: SpanStatusCode.ERROR, message: 'skipped after a non-retriable error' }));
      }
      payload.resolveOffset(batch.lastOffset());
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
      committed = true;
      this.metrics.committed(batch, batch.lastOffset());
    } finally {
      clearInterval(heartbeats);
      handled();
      for (const { span } of spans) {
        if (!committed) span.setStatus({ code: SpanStatusCode.ERROR, message: 'not committed; the record will be redelivered' });
        span.end();
      }
    }
  }
}
