import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Connection } from 'mongoose';
import type { MessageOf } from '@inlet/contracts';
import { createKafka, Publisher, type ReceivedMessage } from '@inlet/platform/kafka';
import { connectMongo } from '@inlet/platform/mongo';
import { createLogger } from '@inlet/platform/observability';
import { EVENT_TYPE_SAMPLES, knownEventTypeId, knownEventTypeModel, type KnownEventType } from '@inlet/store/source-logs';
import { hostileCorpus, testInfrastructure, testNamespace } from '@inlet/testing';
import { MAX_SAMPLE_BYTES } from './project-stage';
import { StageHandler } from './stage.handler';

jest.setTimeout(60_000);

describe('the samples of each event type, against the real store', () => {
  const ns = testNamespace('event-type-samples');
  const logger = createLogger({ service: 'test', level: 'error' });
  let connection: Connection;
  let stages: StageHandler;

  beforeAll(async () => {
    connection = await connectMongo({ url: testInfrastructure().mongoUrl, dbName: ns.dbName, logger, appName: 'test' });
    // Events without an idempotency key announce nothing: the publisher is never used.
    const publisher = new Publisher(createKafka({ brokers: testInfrastructure().kafkaBrokers, clientId: 'event-log-int', logger }), { topicSuffix: ns.topicSuffix, logger });
    stages = new StageHandler(connection, publisher);
  });

  afterAll(async () => {
    await connection?.close();
  });

  const start = Date.parse('2026-05-01T10:00:00.000Z');
  const normalized = (env: string, n: number, body: unknown = { type: 'task.assigned', n }): ReceivedMessage<'eventNormalized'> => {
    const receivedAt = new Date(start + n * 1000).toISOString();
    const value: MessageOf<'eventNormalized'> = {
      messageId: randomUUID(),
      eventId: `evt_${n}`,
      sourceEnvironmentId: env,
      sourceKey: 'tasks',
      environment: 'development',
      producedAt: receivedAt,
      payload: {
        eventType: 'task.assigned',
        eventTime: receivedAt,
        receivedAt,
        timeSource: 'ingestion',
        body,
        headers: { 'content-type': 'application/json', 'x-hub-sig': 'sha256=abc' },
        sensitiveHeaders: ['x-hub-sig'],
        verification: 'enforced:verified',
        idempotency: { outcome: 'disabled' },
      },
    };
    return { topic: 'eventNormalized', key: env, value, partition: 0, offset: String(n), headers: {}, context: ROOT_CONTEXT };
  };
  const catalogEntry = (env: string) => knownEventTypeModel(connection).findById(knownEventTypeId(env, 'task.assigned')).lean<KnownEventType>();

  it('keeps the last ten events of a type, newest received first, whatever order they are projected in, each once', async () => {
    const env = `env_${randomUUID()}`;
    const events = Array.from({ length: 12 }, (_, n) => normalized(env, n));
    // Two partitions' worth, out of order, the second batch redelivered.
    await stages.handle([events[11], events[3], events[0], events[7], events[9], events[1]]);
    await stages.handle([events[2], events[10], events[4], events[8], events[5], events[6]]);
    await stages.handle([events[2], events[10], events[4], events[8], events[5], events[6]]);

    const entry = await catalogEntry(env);
    expect(entry?.samples?.map((s) => s.eventId)).toEqual(Array.from({ length: EVENT_TYPE_SAMPLES }, (_, i) => `evt_${11 - i}`));
    expect(entry?.samples?.[0]).toEqual({
      eventId: 'evt_11',
      receivedAt: new Date(start + 11_000),
      body: { type: 'task.assigned', n: 11 },
      headers: { 'content-type': 'application/json', 'x-hub-sig': '[redacted]' },
    });
    // The single sample the current api reads is still there.
    expect(entry?.sample).toEqual(expect.objectContaining({ type: 'task.assigned' }));
  });

  it('keeps the previous samples when an event is too large to be one, and an empty body as it came', async () => {
    const env = `env_${randomUUID()}`;
    await stages.handle([normalized(env, 1, {})]);
    await stages.handle([normalized(env, 2, { type: 'task.assigned', rows: 'r'.repeat(MAX_SAMPLE_BYTES) })]);

    const entry = await catalogEntry(env);
    expect(entry?.count).toBe(2);
    expect(entry?.samples?.map((s) => [s.eventId, s.body])).toEqual([['evt_1', {}]]);
    expect(entry?.sample).toEqual({});
  });

  it('keeps every body Inlet accepts as a sample exactly as sent: operator-like, dotted and empty keys stay plain fields', async () => {
    const bodies = hostileCorpus().flatMap((c) => (c.expected.accepted ? [{ name: c.name, body: c.expected.body }] : []));
    const small = bodies.filter((c) => Buffer.byteLength(JSON.stringify(c.body)) < MAX_SAMPLE_BYTES - 1024);
    expect(small.length).toBeGreaterThan(5);
    const cases = small.map((c, n) => ({ ...c, env: `env_${randomUUID()}`, n }));
    await stages.handle(cases.map((c) => normalized(c.env, c.n, c.body)));
    for (const c of cases) {
      const entry = await catalogEntry(c.env);
      expect({ name: c.name, body: entry?.samples?.[0]?.body }).toEqual({ name: c.name, body: c.body });
    }
  });
});
