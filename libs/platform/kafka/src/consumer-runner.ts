import type { MessageOf, TopicKey } from '@inlet/contracts';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_BACKOFF, StopSignal, type BackoffOptions } from './backoff';
import { attemptBatch, canContinue, type Attempt } from './batch-attempt';
import { errorCode, errorMessage } from './classify-error';
import { decodeValue, eventIdOf, messageIdOf } from './codec';
import { deadLetterHeaders, headersToStrings } from './headers';
import { ConsumerMetrics } from './kafka-metrics';
import type { Publisher } from './publisher';
import { topicName } from './topics';
import { consumerAttributes, tracer } from './tracing';

type ReceivedOf<K extends TopicKey> = {
  topic: K;
  key: string | null;
  value: MessageOf<K>;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  /** Context of this message's own CONSUMER span, child of the traceparent the producer wrote. Pass it as `context` when publishing what this message caused. */
  context: Context;
};

/** One consumed message, parsed with its topic's schema. For several topics, a union you can narrow on `topic`. */
export type ReceivedMessage<K extends TopicKey = TopicKey> = K extends TopicKey ? ReceivedOf<K> : never;

/**
 * Handles the messages of one topic-partition fetch, in offset order. Throw to fail: a retriable
 * error (PipelineError.retriable, or an infrastructure error) retries the batch; any other error
 * makes the runner find the culprit messages and dead-letter them. The handler must be idempotent:
 * a batch can be handled again after a retry, a restart or a rebalance.
 */
export type BatchHandler<K extends TopicKey> = (messages: ReceivedMessage<K>[]) => Promise<void>;

export type ConsumerRunnerOptions = {
  groupId: string;
  topicSuffix: string;
  /** Writes the dead letters. */
  publisher: Publisher;
  logger: Logger;
  /** Backoff between retries of a batch. Default 100 ms doubling up to 5 s. */
  retry?: { initialMs?: number; maxMs?: number };
  maxBytesPerPartition?: number;
  /**
   * How many topic-partitions of one fetch are handled at once (kafkajs' partitionsConsumedConcurrently,
   * default 1): above 1, the handler is called concurrently for different partitions, never for the same one.
   */
  partitionsConsumedConcurrently?: number;
};

type Item = {
  raw: KafkaMessage;
  headers: Record<string, string>;
  span: Span;
  eventId: string | undefined;
  /** Set when the value parsed: what the handler gets. */
  received?: ReceivedMessage;
  /** Set when the message goes to the dead-letter topic. */
  failure?: { code: string; message: string };
};

const MAX_LOGGED_EVENT_IDS = 20;

/** Fetches wait at most this long for data; start() waits for the first one (see there). */
const MAX_WAIT_MS = 500;

/**
 * A member that stops heartbeating (a process killed with -9) holds its partitions until its
 * session times out, and its replacement waits that long: 6 s (the broker's smallest allowed by
 * default) instead of kafkajs' 30 s. kafkajs only heartbeats between batches, so the runner also
 * heartbeats on a timer while a batch is handled or waits to retry.
 */
export const GROUP_MEMBERSHIP = { sessionTimeout: 6_000, heartbeatInterval: 1_000 } as const;

/** One consumer group member running a batch handler with retries, dead letters and commits. */
export class ConsumerRunner {
  private readonly kafka: Kafka;
  private readonly groupId: string;
  private readonly suffix: string;
  private readonly publisher: Publisher;
  private readonly logger: Logger;
  private readonly backoff: BackoffOptions;
  private readonly maxBytesPerPartition: number | undefined;
  private readonly partitionsConsumedConcurrently: number;
  private consumer: Consumer | undefined;
  private isRunning = false;
  private readonly stopSignal = new StopSignal();
  private readonly metrics: ConsumerMetrics;

  constructor(kafka: Kafka, opts: ConsumerRunnerOptions) {
    this.kafka = kafka;
    this.groupId = opts.groupId;
    this.metrics = new ConsumerMetrics(opts.groupId);
    this.suffix = opts.topicSuffix;
    this.publisher = opts.publisher;
    this.logger = opts.logger.child({ component: 'consumer-runner', groupId: opts.groupId });
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.retry };
    this.maxBytesPerPartition = opts.maxBytesPerPartition;
    this.partitionsConsumedConcurrently = opts.partitionsConsumedConcurrently ?? 1;
  }

  /** True from start() until stop(), or until kafkajs gave up on the consumer. For /ready. */
  get running(): boolean {
    return this.isRunning;
  }

  /**
   * Joins the group and resolves once the first fetch is done: by then the start offsets are
   * resolved, so a message published after start() resolved is consumed even by a new group
   * reading from the end. Each handler call gets messages of one topic-partition.
   */
  async start<K extends TopicKey>(topics: K[], handler: BatchHandler<K>, opts: { fromBeginning?: boolean } = {}): Promise<void> {
    if (this.consumer) throw new Error('ConsumerRunner.start() was already called');
    if ((topics as TopicKey[]).includes('deadLetter')) {
      throw new Error('the dead-letter topic holds raw records: read it with a RawConsumer, not a ConsumerRunner');
    }
    const keyByName = new Map<string, K>(topics.map((k) => [topicName(k, this.suffix), k]));
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: MAX_WAIT_MS,
      ...GROUP_MEMBERSHIP,
      ...(this.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: this.maxBytesPerPartition }),
    });
    this.consumer = consumer;

    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.logger.info({ memberId: payload.memberId, assignment: payload.memberAssignment }, 'joined consumer group');
    });
    // kafkajs resolves the start offsets of a new group lazily, inside the fetch loop, and a fetch
    // that hit a stale leader rejoins the group and ends without them. Only a fetch cycle without a
    // rejoin proves the offsets are resolved: a message published after that is not skipped.
    const firstFetch = new Promise<void>((resolve, reject) => {
      let rejoined = false;
      const offs = [
        consumer.on(consumer.events.FETCH_START, () => {
          rejoined = false;
        }),
        consumer.on(consumer.events.GROUP_JOIN, () => {
          rejoined = true;
        }),
        consumer.on(consumer.events.FETCH, () => {
          if (rejoined) return;
          offs.forEach((off) => off());
          resolve();
        }),
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (payload.restart) return;
          offs.forEach((off) => off());
          reject(payload.error);
        }),
      ];
      this.stopSignal.onStop(resolve);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error({ err: payload.error, restart: payload.restart }, 'kafka consumer crashed');
      if (!payload.restart) this.isRunning = false;
    });

    await consumer.connect();
    await consumer.subscribe({ topics: [...keyByName.keys()], fromBeginning: opts.fromBeginning ?? false });
    this.isRunning = true;
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.processBatch(payload, keyByName, handler as BatchHandler<TopicKey>),
    });
    await firstFetch;
  }

  /** Stops fetching, lets the batch in hand finish (and commits it), gives up a batch that is waiting to retry, leaves the group. */
  async stop(): Promise<void> {
    this.stopSignal.stop();
    try {
      await this.consumer?.disconnect();
    } finally {
      this.isRunning = false;
    }
  }

  private async processBatch(payload: EachBatchPayload, keyByName: Map<string, TopicKey>, handler: BatchHandler<TopicKey>): Promise<void> {
    const { batch } = payload;
    if (!canContinue(this.stopSignal, payload) || batch.messages.length === 0) return;
    const key = keyByName.get(batch.topic);
    if (key === undefined) return;
    const where = { topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset(), lastOffset: batch.lastOffset() };
    const items = batch.messages.map((raw) => this.receive(key, batch.topic, batch.partition, raw));
    let finished = false;
    const handled = this.metrics.batchStarted(batch);
    // A failed heartbeat (a rebalance) is seen by the retry loop's own heartbeat, which throws.
    const heartbeats = setInterval(() => void payload.heartbeat().catch(() => undefined), GROUP_MEMBERSHIP.heartbeatInterval);
    try {
      const valid = items.filter((i) => i.received !== undefined);
      if (valid.length > 0) {
        const batchInfo = { ...where, messages: valid.length, eventIds: valid.slice(0, MAX_LOGGED_EVENT_IDS).map((i) => i.eventId) };
        const whole = await this.attempt(() => handler(valid.map((i) => i.received!)), payload, batchInfo);
        if (whole.kind === 'stopped') return;
        if (whole.kind === 'failed') {
          this.logger.warn({ ...where, err: whole.error }, 'batch failed with a non-retriable error; handling its messages one by one');
          for (const item of valid) {
            const one = await this.attempt(() => handler([item.received!]), payload, {
              ...where,
              offset: item.raw.offset,
              eventId: item.eventId,
            });
            if (one.kind === 'stopped') return;
            if (one.kind === 'failed') item.failure = { code: errorCode(one.error), message: errorMessage(one.error) };
          }
        }
      }

      const dead = items.filter((i) => i.failure !== undefined);
      if (dead.length > 0) {
        const records = dead.map((i) => ({
          key: i.raw.key === null ? null : i.raw.key.toString('utf8'),
          value: i.raw.value,
          headers: deadLetterHeaders(i.headers, {
            topic: batch.topic,
            partition: batch.partition,
            offset: i.raw.offset,
            errorCode: i.failure!.code,
            errorMessage: i.failure!.message,
            consumerGroup: this.groupId,
          }),
        }));
        // Committing without the dead letters written would lose the messages: retry any failure.
        const sent = await this.attempt(() => this.publisher.publishDeadLetter(records), payload, where, true);
        if (sent.kind !== 'ok') return;
        this.metrics.deadLettered(batch.topic, dead.length);
        for (const i of dead) {
          this.logger.error(
            {
              topic: batch.topic,
              partition: batch.partition,
              offset: i.raw.offset,
              eventId: i.eventId,
              traceId: i.span.spanContext().traceId,
              code: i.failure!.code,
              reason: i.failure!.message,
            },
            'message dead-lettered',
          );
        }
      }

      payload.resolveOffset(batch.lastOffset());
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
      finished = true;
      this.metrics.committed(batch, batch.lastOffset());
    } finally {
      clearInterval(heartbeats);
      handled();
      for (const item of items) {
        if (item.failure) item.span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-lettered: ${item.failure.message}` });
        else if (!finished) item.span.setStatus({ code: SpanStatusCode.ERROR, message: 'not committed; the message will be redelivered' });
        item.span.end();
      }
    }
  }

  private receive(key: TopicKey, topic: string, partition: number, raw: KafkaMessage): Item {
    const headers = headersToStrings(raw.headers);
    const decoded = decodeValue(key, raw.value);
    const messageKey = raw.key === null ? null : raw.key.toString('utf8');
    const value = decoded.ok ? decoded.value : bestEffortJson(raw.value);
    const eventId = eventIdOf(value);
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    const span = tracer.startSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: consumerAttributes({
          topic,
          partition,
          offset: raw.offset,
          key: messageKey,
          group: this.groupId,
          eventId,
          messageId: messageIdOf(value),
          tombstone: raw.value === null,
        }),
      },
      parent,
    );
    if (!decoded.ok) return { raw, headers, span, eventId, failure: { code: decoded.code, message: decoded.message } };
    const received = {
      topic: key,
      key: messageKey,
      value: decoded.value,
      partition,
      offset: raw.offset,
      headers,
      context: trace.setSpan(parent, span),
    } as ReceivedMessage;
    return { raw, headers, span, eventId, received };
  }

  private attempt(fn: () => Promise<void>, payload: EachBatchPayload, where: object, retryAll = false): Promise<Attempt> {
    return attemptBatch(fn, { payload, backoff: this.backoff, stopSignal: this.stopSignal, metrics: this.metrics, logger: this.logger, where, retryAll });
  }
}

/** For logs only: the event id of a message that failed its schema may still be readable. */
function bestEffortJson(bytes: Buffer | null): unknown {
  try {
    return bytes === null ? null : JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
