import type { MessageOf, TopicKey } from '@inlet/contracts';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { encodeValue, eventIdOf } from './codec';
import { errorMessage } from './classify-error';
import { PipelineError } from './pipeline-error';
import { groupByTopic, Ticket } from './send-queue';
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
  /** A send not acknowledged within this fails its publish calls with kafka_unavailable. Default 10 000. */
  sendTimeoutMs?: number;
};

type Entry = { topic: string; message: Message; span: Span | undefined; ticket: Ticket };

/**
 * A coalescing producer: publish() calls made within `lingerMs` share one sendBatch (topics
 * mixed), acks = all. One send is in flight at a time, so what one key publishes keeps its order;
 * while a send is in flight the next batch fills up.
 */
export class Publisher {
  private readonly producer: Producer;
  private readonly logger: Logger;
  private readonly suffix: string;
  private readonly lingerMs: number;
  private readonly maxBatchMessages: number;
  private readonly sendTimeoutMs: number;
  private queue: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private isConnected = false;

  constructor(kafka: Kafka, opts: PublisherOptions) {
    this.logger = opts.logger;
    this.suffix = opts.topicSuffix;
    this.lingerMs = opts.lingerMs ?? 5;
    this.maxBatchMessages = opts.maxBatchMessages ?? 500;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 10_000;
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioning, so every client puts a key in the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs' own retries must end before sendTimeoutMs: a dead broker fails fast, not in minutes.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
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
   * before anything is queued), then resolves once Kafka acknowledged all of these messages, or
   * rejects with kafka_unavailable (retriable).
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
      return { topic: name, message: { key: m.key, value: e.bytes, headers }, span, ticket };
    });
    this.enqueue(entries);
    return ticket.promise;
  }

  /** Raw send to the dead-letter topic: no schema, the caller's headers as they are. */
  async publishDeadLetter(records: { key: string | null; value: Buffer | null; headers: Record<string, string> }[]): Promise<void> {
    this.assertOpen();
    const topic = topicName('deadLetter', this.suffix);
    const ticket = new Ticket(records.length);
    this.enqueue(records.map((r) => ({ topic, message: { key: r.key, value: r.value, headers: r.headers }, span: undefined, ticket })));
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

  private enqueue(entries: Entry[]): void {
    if (entries.length === 0) return;
    this.queue.push(...entries);
    if (this.queue.length >= this.maxBatchMessages) this.kick();
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
      await this.send(this.queue.splice(0, this.maxBatchMessages));
    }
  }

  private async send(batch: Entry[]): Promise<void> {
    const topicMessages = groupByTopic(batch);
    try {
      await this.withTimeout(this.producer.sendBatch({ topicMessages, acks: -1, timeout: this.sendTimeoutMs }));
      this.isConnected = true;
      for (const e of batch) {
        e.span?.end();
        e.ticket.ack();
      }
    } catch (cause) {
      this.isConnected = false;
      const topics = topicMessages.map((t) => t.topic).join(', ');
      const error = new PipelineError(
        'kafka_unavailable',
        `Kafka did not acknowledge ${batch.length} message(s) for ${topics}: ${errorMessage(cause)}`,
        { retriable: true, cause },
      );
      this.logger.warn({ err: cause, topics, messages: batch.length }, 'kafka send failed');
      for (const e of batch) {
        e.span?.recordException(cause as Error);
        e.span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        e.span?.end();
        e.ticket.fail(error);
      }
    }
  }

  private withTimeout(send: Promise<unknown>): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no acknowledgement within ${this.sendTimeoutMs} ms`)), this.sendTimeoutMs);
    });
    // A send that loses the race may still fail later; that must not become an unhandled rejection.
    send.catch(() => undefined);
    return Promise.race([send, timeout]).finally(() => clearTimeout(timer));
  }
}
