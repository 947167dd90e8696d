import type { MessageOf, TopicKey } from '@inlet/contracts';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { encodeValue, eventIdOf } from './codec';
import { errorMessage } from './classify-error';
import { PipelineError } from './pipeline-error';
import { backoffDelay, type BackoffOptions } from './backoff';
import { producerMetrics } from './kafka-metrics';
import { groupByTopic, messageBytes, SendQueue, Ticket, type QueueEntry } from './send-queue';
import { topicName } from './topics';
import { producerAttributes, tracer } from './tracing';

export type OutgoingMessage<K extends TopicKey> = {
  key: string | null;
  value: MessageOf<K>;
  /** Parent of the PRODUCER span (and so of everything downstream); defaults to the active context. */
  context?: Context;
};

export type PublisherOptions = {
  topicSuffix: string;
  logger: Logger;
  /** How long a message waits for others to share its send. Default 5. */
  lingerMs?: number;
  /** Largest number of messages in one send. Default 500. */
  maxBatchMessages?: number;
  /** Largest number of bytes in one send (a larger message goes alone). Default 1 MiB. */
  maxBatchBytes?: number;
  /** Bytes that may wait for a send; a publish past it is refused at once (kafka_backlog_full). Default 64 MiB. */
  maxQueueBytes?: number;
  /**
   * A message not yet handed to a send after this long is withdrawn and its publish rejected
   * (kafka_unavailable): it never reached Kafka, so the caller may safely answer 503. Default 5 000.
   */
  queueTimeoutMs?: number;
  /** How long the broker may take to acknowledge one produce request. Default 10 000. */
  sendTimeoutMs?: number;
  /** Backoff between re-sends of a batch Kafka did not acknowledge. */
  retry?: Partial<BackoffOptions>;
};

type Entry = QueueEntry & { span: Span | undefined };

/**
 * The key of a message published without one. A keyless message would be spread round-robin, so a
 * batch sent again could put it in another partition than the first attempt, and the idempotent
 * producer's sequence numbers only hold within one partition: a fixed key keeps the re-send exact.
 */
const NO_KEY = '';

/**
 * A coalescing, idempotent producer: publish() calls made within `lingerMs` share one sendBatch
 * (topics mixed), acks = all.
 *
 * One send is in flight at a time, and a send that Kafka did not acknowledge is sent again, the
 * same messages in the same batch, until it is acknowledged: the idempotent producer gives a
 * re-sent batch the same sequence numbers, so the broker keeps one copy if the first attempt had
 * landed after all. So a publish whose messages were handed to a send resolves once they are in
 * Kafka, however long that takes; it rejects only when they cannot have landed: refused up front
 * (a full queue), withdrawn before any send (`queueTimeoutMs`), or refused by the broker for good
 * (a message too large). A 503 built on a rejection is therefore never followed by the message
 * landing. Keys keep their order, since one send at a time is in flight.
 */
export class Publisher {
  private readonly producer: Producer;
  private readonly logger: Logger;
  private readonly suffix: string;
  private readonly lingerMs: number;
  private readonly queueTimeoutMs: number;
  private readonly sendTimeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly queue: SendQueue<Entry>;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private isConnected = false;

  constructor(kafka: Kafka, opts: PublisherOptions) {
    this.logger = opts.logger;
    this.suffix = opts.topicSuffix;
    this.lingerMs = opts.lingerMs ?? 5;
    this.queueTimeoutMs = opts.queueTimeoutMs ?? 5_000;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 10_000;
    this.backoff = { initialMs: 100, maxMs: 2_000, ...opts.retry };
    this.queue = new SendQueue<Entry>({
      maxBatchMessages: opts.maxBatchMessages ?? 500,
      maxBatchBytes: opts.maxBatchBytes ?? 1024 * 1024,
      maxQueueBytes: opts.maxQueueBytes ?? 64 * 1024 * 1024,
    });
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioning, so every client puts a key in the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Sequence numbers per partition: a batch sent again after a lost acknowledgement is kept once.
      idempotent: true,
      maxInFlightRequests: 1,
      // kafkajs gives up after a few quick retries; the publisher then sends the same batch again
      // itself, with backoff, and logs each round.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
  }

  /** False after a send failure until a later send succeeds (and before connect, after close). */
  get connected(): boolean {
    return this.isConnected;
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw new PipelineError('kafka_unavailable', `cannot connect the producer: ${errorMessage(error)}`, {
        retriable: true,
        cause: error,
      });
    }
    this.isConnected = true;
  }

  /**
   * Validates every value with the topic's schema (a contract_violation rejects the whole call
   * before anything is queued), then resolves once Kafka acknowledged all of these messages. It
   * rejects (retriable) only when none of them can reach Kafka: `kafka_backlog_full` when the
   * queue has no room, `kafka_unavailable` when they were withdrawn unsent after `queueTimeoutMs`.
   */
  async publish<K extends TopicKey>(topic: K, messages: OutgoingMessage<K>[]): Promise<void> {
    this.assertOpen();
    const name = topicName(topic, this.suffix);
    const encoded = messages.map((m) => encodeValue(topic, m.value));
    const problems = encoded.flatMap((e, i) => (e.ok ? [] : [`message ${i}: ${e.message}`]));
    if (problems.length > 0) {
      throw new PipelineError('contract_violation', `${name}: ${problems.join(' | ')}`, { retriable: false });
    }
    const ticket = new Ticket(messages.length);
    const entries = messages.map((m, i): Entry => {
      const parent = m.context ?? context.active();
      const span = tracer.startSpan(
        `${name} publish`,
        { kind: SpanKind.PRODUCER, attributes: producerAttributes(name, m.key, eventIdOf(m.value)) },
        parent,
      );
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(parent, span), headers);
      const e = encoded[i] as { ok: true; bytes: string | null };
      const message: Message = { key: m.key ?? NO_KEY, value: e.bytes, headers };
      return { topic: name, message, bytes: messageBytes(message), span, ticket };
    });
    this.enqueue(entries, ticket);
    return ticket.promise;
  }

  /** Raw send to the dead-letter topic: no schema, the caller's headers as they are. */
  async publishDeadLetter(records: { key: string | null; value: Buffer | null; headers: Record<string, string> }[]): Promise<void> {
    this.assertOpen();
    const topic = topicName('deadLetter', this.suffix);
    const ticket = new Ticket(records.length);
    this.enqueue(
      records.map((r) => {
        const message: Message = { key: r.key ?? NO_KEY, value: r.value, headers: r.headers };
        return { topic, message, bytes: messageBytes(message), span: undefined, ticket };
      }),
      ticket,
    );
    return ticket.promise;
  }

  /** Sends what is queued, waits for it, then disconnects. Later publish calls reject. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.kick();
      while (this.draining) await this.draining;
      await this.producer.disconnect();
      this.isConnected = false;
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) {
      throw new PipelineError('publisher_closed', 'the publisher is closed (the service is shutting down)', { retriable: true });
    }
  }

  private enqueue(entries: Entry[], ticket: Ticket): void {
    if (entries.length === 0) return;
    if (!this.queue.offer(entries)) {
      const error = new PipelineError('kafka_backlog_full', `${this.queue.bytes} bytes already wait for Kafka; nothing was sent`, { retriable: true });
      this.endSpans(entries, error);
      ticket.fail(error);
      return;
    }
    const expiry = setTimeout(() => {
      const withdrawn = this.queue.withdraw(ticket);
      if (withdrawn.length === 0) return;
      producerMetrics.queued(this.queue.bytes);
      const error = new PipelineError('kafka_unavailable', `not sent within ${this.queueTimeoutMs} ms (an earlier send is still waiting for Kafka); nothing was sent`, {
        retriable: true,
      });
      this.endSpans(withdrawn, error);
      ticket.fail(error);
    }, this.queueTimeoutMs);
    producerMetrics.queued(this.queue.bytes);
    const clear = () => clearTimeout(expiry);
    ticket.promise.then(clear, clear);
    if (this.queue.full) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.lingerMs);
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // The running drain loop takes whatever is queued once its send is done.
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.take();
      producerMetrics.queued(this.queue.bytes);
      await this.sendUntilSettled(batch);
    }
  }

  /** Sends one batch, and the very same batch again until Kafka acknowledges it or refuses it for good. */
  private async sendUntilSettled(batch: Entry[]): Promise<void> {
    const topicMessages = groupByTopic(batch);
    const acknowledged = producerMetrics.sendStarted();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.producer.sendBatch({ topicMessages, acks: -1, timeout: this.sendTimeoutMs });
        acknowledged();
        if (!this.isConnected) this.logger.info({ messages: batch.length, attempts: attempt }, 'kafka acknowledged again');
        this.isConnected = true;
        for (const e of batch) {
          e.span?.end();
          e.ticket.ack();
        }
        return;
      } catch (cause) {
        this.isConnected = false;
        const topics = topicMessages.map((t) => t.topic).join(', ');
        const refusal = brokerRefusal(cause);
        producerMetrics.sendFailed(!refusal);
        if (refusal) {
          const error = new PipelineError('kafka_refused', `Kafka refused ${batch.length} message(s) for ${topics}: ${errorMessage(refusal)}`, { retriable: false, cause });
          this.logger.error({ err: cause, topics, messages: batch.length }, 'kafka refused a send');
          this.endSpans(batch, error);
          for (const e of batch) e.ticket.fail(error);
          return;
        }
        const delayMs = backoffDelay(attempt, this.backoff);
        this.logger.warn({ err: cause, topics, messages: batch.length, attempt, delayMs }, 'kafka did not acknowledge a send; sending the same batch again');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private endSpans(entries: Entry[], error: Error): void {
    for (const e of entries) {
      e.span?.recordException(error);
      e.span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      e.span?.end();
    }
  }
}

/**
 * The broker's own answer that a batch was not written and never will be (a message too large, a
 * corrupt record): kafkajs reports it as a protocol error that is not retriable, possibly wrapped.
 * Anything else (no connection, a timeout, no leader, retries exhausted) leaves the batch in doubt.
 */
function brokerRefusal(error: unknown): Error | undefined {
  for (let e = error as { name?: unknown; retriable?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return e as Error;
  }
  return undefined;
}
