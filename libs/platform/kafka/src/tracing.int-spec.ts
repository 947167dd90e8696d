import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerRunner, type ReceivedMessage } from './consumer-runner';
import { createKafka } from './create-kafka';
import { PipelineError } from './pipeline-error';
import { Publisher } from './publisher';
import { intake, testLogger, uniqueSuffix, waitFor } from './test-support';
import { ensureTopics, topicName } from './topics';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS must name a running broker for the integration tests');

jest.setTimeout(60_000);

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(contextManager);
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('trace context across Kafka', () => {
  let suffix: string;
  let logger: Logger;
  let kafka: Kafka;
  let publisher: Publisher;
  let runner: ConsumerRunner;

  beforeEach(async () => {
    exporter.reset();
    suffix = uniqueSuffix();
    ({ logger } = testLogger());
    kafka = createKafka({ brokers, clientId: 'platform-kafka-int', logger });
    await ensureTopics(kafka, suffix);
    publisher = new Publisher(kafka, { topicSuffix: suffix, logger });
    await publisher.connect();
    runner = new ConsumerRunner(kafka, { groupId: `trace${suffix}`, topicSuffix: suffix, publisher, logger, retry: { initialMs: 10 } });
  });

  afterEach(async () => {
    await runner.stop();
    await publisher.close();
  });

  const spans = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name);

  it('continues the trace of each published message in its own consumer span, even when messages of two traces share a send and a batch', async () => {
    const topic = topicName('intakeReceived', suffix);
    const received: ReceivedMessage<'intakeReceived'>[] = [];
    await runner.start(['intakeReceived'], async (batch) => {
      received.push(...batch);
    });

    const tracer = trace.getTracer('test');
    const requests = ['evt_1', 'evt_2'].map((eventId) => ({ eventId, span: tracer.startSpan(`POST /${eventId}`) }));
    // Two callers in two traces: coalesced into one send, consumed in one batch (same key).
    await Promise.all(
      requests.map(({ eventId, span }) =>
        context.with(trace.setSpan(context.active(), span), () =>
          publisher.publish('intakeReceived', [{ key: 'env_1', value: intake(eventId) }]),
        ),
      ),
    );
    requests.forEach((r) => r.span.end());
    await waitFor('both messages', () => received.length >= 2);
    await waitFor('both consumer spans', () => spans(`${topic} process`).length >= 2);

    for (const { eventId, span: request } of requests) {
      const traceId = request.spanContext().traceId;
      const producer = spans(`${topic} publish`).find((s) => s.attributes['inlet.event_id'] === eventId)!;
      const consumer = spans(`${topic} process`).find((s) => s.attributes['inlet.event_id'] === eventId)!;
      const message = received.find((m) => m.value.eventId === eventId)!;

      expect(producer.spanContext().traceId).toBe(traceId);
      expect(producer.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(producer.kind).toBe(SpanKind.PRODUCER);
      expect(producer.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.kafka.message.key': 'env_1',
      });

      expect(message.headers['traceparent']).toBe(`00-${traceId}-${producer.spanContext().spanId}-01`);
      expect(consumer.spanContext().traceId).toBe(traceId);
      expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
      expect(consumer.kind).toBe(SpanKind.CONSUMER);
      expect(consumer.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(consumer.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.kafka.message.key': 'env_1',
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.consumer.group.name': `trace${suffix}`,
      });
      // What the handler publishes next with `context: message.context` is a child of this consumer span.
      expect(trace.getSpanContext(message.context)?.spanId).toBe(consumer.spanContext().spanId);
    }
  });

  it('parents what a handler publishes with the message context on that message consumer span', async () => {
    const forwarded: ReceivedMessage<'eventRejected'>[] = [];
    const forwarder = new ConsumerRunner(kafka, { groupId: `forward${suffix}`, topicSuffix: suffix, publisher, logger });
    const sink = new ConsumerRunner(kafka, { groupId: `sink${suffix}`, topicSuffix: suffix, publisher, logger });
    try {
      await forwarder.start(['intakeReceived'], async (batch) => {
        await publisher.publish(
          'eventRejected',
          batch.map((m) => ({
            key: m.key,
            context: m.context,
            value: {
              ...m.value,
              messageId: '6f1d2c1e-0000-4000-8000-000000000001',
              payload: {
                reason: 'invalid_json',
                message: 'body is not JSON',
                receivedAt: m.value.payload.receivedAt,
                verification: 'none',
              },
            },
          })),
        );
      });
      await sink.start(['eventRejected'], async (batch) => {
        forwarded.push(...batch);
      });

      const root = trace.getTracer('test').startSpan('POST /hook');
      await context.with(trace.setSpan(context.active(), root), () =>
        publisher.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_chain') }]),
      );
      root.end();
      await waitFor('the forwarded message', () => forwarded.length >= 1);
      const rejectedTopic = topicName('eventRejected', suffix);
      // A consumer span ends when its batch settles: the first hop's can end after the second hop's.
      await waitFor('the spans of both hops', () =>
        [`${topicName('intakeReceived', suffix)} process`, `${rejectedTopic} publish`, `${rejectedTopic} process`].every((name) => spans(name).length >= 1),
      );

      const firstHop = spans(`${topicName('intakeReceived', suffix)} process`)[0]!;
      const secondPublish = spans(`${rejectedTopic} publish`)[0]!;
      const secondHop = spans(`${rejectedTopic} process`)[0]!;
      const traceId = root.spanContext().traceId;
      expect([firstHop, secondPublish, secondHop].map((s) => s.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
      expect(secondPublish.parentSpanContext?.spanId).toBe(firstHop.spanContext().spanId);
      expect(secondHop.parentSpanContext?.spanId).toBe(secondPublish.spanContext().spanId);
    } finally {
      await forwarder.stop();
      await sink.stop();
    }
  });

  it('marks the consumer span of a dead-lettered message as an error', async () => {
    await runner.start(['intakeReceived'], async (batch) => {
      if (batch.some((m) => m.value.eventId === 'evt_bad')) {
        throw new PipelineError('event_unprocessable', 'cannot handle evt_bad', { retriable: false });
      }
    });
    await publisher.publish('intakeReceived', [
      { key: 'env_1', value: intake('evt_bad') },
      { key: 'env_1', value: intake('evt_ok') },
    ]);
    const topic = topicName('intakeReceived', suffix);
    await waitFor('both consumer spans', () => spans(`${topic} process`).length >= 2);

    const byEvent = (id: string) => spans(`${topic} process`).find((s) => s.attributes['inlet.event_id'] === id)!;
    expect(byEvent('evt_bad').status).toEqual({ code: SpanStatusCode.ERROR, message: 'dead-lettered: cannot handle evt_bad' });
    expect(byEvent('evt_ok').status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
