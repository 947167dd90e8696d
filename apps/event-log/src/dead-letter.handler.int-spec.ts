import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { MessageOf } from '@inlet/contracts';
import { createKafka, ensureTopics, Publisher, topicName, type ReceivedMessage } from '@inlet/platform/kafka';
import { connectMongo } from '@inlet/platform/mongo';
import { createLogger } from '@inlet/platform/observability';
import { ReadinessRegistry } from '@inlet/platform/service';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { testInfrastructure, testNamespace, waitFor } from '@inlet/testing';
import { EventLogConfigSchema } from './config';
import { DeadLetterHandler } from './dead-letter.handler';
import { StageHandler } from './stage.handler';
import { StallSweeper } from './stall-sweeper.job';

jest.setTimeout(60_000);

describe('dead letters and stalls, against the real broker and store', () => {
  const ns = testNamespace('dead-letters');
  const logger = createLogger({ service: 'test', level: 'error' });
  const config = EventLogConfigSchema.parse({ KAFKA_BROKERS: testInfrastructure().kafkaBrokers.join(','), KAFKA_TOPIC_SUFFIX: ns.topicSuffix, MONGO_URL: testInfrastructure().mongoUrl, MONGO_DB: ns.dbName });
  let kafka: Kafka;
  let connection: Connection;
  let publisher: Publisher;
  let stages: StageHandler;
  let deadLetters: DeadLetterHandler;

  beforeAll(async () => {
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'event-log-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    connection = await connectMongo({ url: config.MONGO_URL, dbName: ns.dbName, logger, appName: 'test' });
    await sourceLogModel(connection).init();
    publisher = new Publisher(kafka, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    stages = new StageHandler(connection, publisher);
    deadLetters = new DeadLetterHandler(kafka, connection, logger, config, new ReadinessRegistry(), stages);
    await deadLetters.onApplicationBootstrap();
  });

  afterAll(async () => {
    await deadLetters?.beforeApplicationShutdown();
    await publisher?.close();
    await connection?.close();
  });

  const intake = (eventId: string, receivedAt = new Date()): ReceivedMessage<'intakeReceived'> => {
    const value: MessageOf<'intakeReceived'> = {
      messageId: randomUUID(),
      eventId,
      sourceEnvironmentId: 'env_1',
      sourceKey: 'tasks',
      environment: 'development',
      producedAt: receivedAt.toISOString(),
      payload: { receivedAt: receivedAt.toISOString(), contentType: 'application/json', headers: {}, bodyBase64: Buffer.from('{"type":"a"}').toString('base64'), verification: 'none', sensitiveHeaders: [] },
    };
    return { topic: 'intakeReceived', key: 'env_1', value, partition: 0, offset: '0', headers: {}, context: ROOT_CONTEXT };
  };

  const deadLetter = (value: string, group = `inlet.mapping-engine${ns.topicSuffix}`) => ({
    key: 'env_1',
    value,
    headers: {
      'x-inlet-original-topic': topicName('eventNormalized', ns.topicSuffix),
      'x-inlet-original-partition': '3',
      'x-inlet-original-offset': String(Math.floor(Math.random() * 1e6)),
      'x-inlet-error-code': 'unhandled_error',
      'x-inlet-error-message': 'TypeError: the plan could not be made',
      'x-inlet-consumer-group': group,
    },
  });

  const log = (id: string) => sourceLogModel(connection).findById(id).lean<SourceLog>();

  it('marks the log failed, naming the stage and the reason, past a record that names no event', async () => {
    const eventId = randomUUID();
    await stages.handle([intake(eventId)]);
    expect((await log(eventId))?.status).toBe('pending');
    expect((await log(eventId))?.finalAt).toBeUndefined();
    const sent = new Date();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicName('deadLetter', ns.topicSuffix),
      messages: [deadLetter('not json at all'), deadLetter(JSON.stringify({ eventId, sourceEnvironmentId: 'env_1', sourceKey: 'tasks', environment: 'development', payload: {} }))],
    });
    await producer.disconnect();

    const failed = await waitFor('the dead letter on the log', async () => {
      const l = await log(eventId);
      return l?.status === 'failed' ? l : undefined;
    });
    expect(failed.failure).toEqual(
      expect.objectContaining({
        reason: 'dead_lettered',
        topic: topicName('eventNormalized', ns.topicSuffix),
        consumerGroup: `inlet.mapping-engine${ns.topicSuffix}`,
        code: 'unhandled_error',
        message: 'TypeError: the plan could not be made',
      }),
    );
    expect(Object.values(failed.timeline).map((e) => [e.stage, e.service])).toEqual(expect.arrayContaining([['dead_lettered', 'mapping-engine']]));
    // The moment it left pending, for the api's receipt-to-final figures.
    expect(failed.finalAt?.getTime()).toBeGreaterThanOrEqual(sent.getTime());
  });

  it('resets a re-driven log to pending, keeping the actions that succeeded', async () => {
    const eventId = randomUUID();
    const received = intake(eventId);
    const head = { ...received.value, messageId: randomUUID() };
    const stage = <K extends 'eventMapped' | 'actionCompleted' | 'actionFailed'>(topic: K, payload: MessageOf<K>['payload']) =>
      ({ topic, key: eventId, value: { ...head, messageId: randomUUID(), payload }, partition: 0, offset: '0', headers: {}, context: ROOT_CONTEXT }) as unknown as ReceivedMessage<'intakeReceived'>;
    const planned = (m: string, position: number) => ({ actionId: `${eventId}:${m}`, mappingId: m, actionType: 'identify_user', position, configured: {}, resolved: {} });
    const at = new Date().toISOString();
    await stages.handle([
      received,
      stage('eventMapped', { eventType: 'a', planned: [planned('m1', 0), planned('m2', 1)], skipped: [] }),
      stage('actionCompleted', { actionId: `${eventId}:m1`, mappingId: 'm1', actionType: 'identify_user', result: {}, completedAt: at }),
      stage('actionFailed', { actionId: `${eventId}:m2`, mappingId: 'm2', actionType: 'identify_user', failure: { code: 'x', message: 'y', retriable: false }, failedAt: at }),
    ]);
    await stages.handle([stage('eventNormalized' as 'eventMapped', { eventType: 'a', eventTime: at, receivedAt: at, timeSource: 'ingestion', body: {}, headers: {}, verification: 'none', idempotency: { outcome: 'disabled' } } as never)]);
    expect((await log(eventId))?.status).toBe('partially_failed');
    expect((await log(eventId))?.finalAt).toBeInstanceOf(Date);

    const redrive = { attempt: 1, requestedAt: new Date().toISOString(), requestedBy: 'bootstrap', retryActions: ['m2'] };
    await stages.handle([{ ...received, value: { ...received.value, messageId: randomUUID(), payload: { ...received.value.payload, redrive } } }]);
    const reset = await log(eventId);
    expect(reset).toEqual(expect.objectContaining({ status: 'pending', redrive: expect.objectContaining({ attempt: 1 }) }));
    expect(reset?.plan).toBeUndefined();
    expect(Object.keys(reset?.actions ?? {})).toEqual(['m1']);
  });

  it('ends a log stalled past the threshold once, however many sweepers race, saying what it waits for', async () => {
    const eventId = randomUUID();
    const now = new Date();
    await stages.handle([intake(eventId, new Date(now.getTime() - 11 * 60_000))]);
    const sweepers = [0, 1, 2].map(() => new StallSweeper(connection, logger, config, stages));
    const marked = await Promise.all(sweepers.map((s) => s.sweep(now)));
    expect(marked.reduce((a, b) => a + b, 0)).toBe(1);
    const stalled = await log(eventId);
    expect(stalled?.status).toBe('failed');
    expect(stalled?.finalAt?.getTime()).toBeGreaterThanOrEqual(now.getTime());
    expect(stalled?.failure).toEqual(expect.objectContaining({ reason: 'stalled', lastStage: 'received', waitingFor: expect.stringMatching(/verifier/) }));
  });
});
