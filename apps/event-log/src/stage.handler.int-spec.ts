import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { MessageOf } from '@inlet/contracts';
import { createKafka, ensureTopics, Publisher, type ReceivedMessage } from '@inlet/platform/kafka';
import { connectMongo } from '@inlet/platform/mongo';
import { createLogger } from '@inlet/platform/observability';
import { sourceLogModel } from '@inlet/store/source-logs';
import { testInfrastructure, testNamespace } from '@inlet/testing';
import type { StageTopic } from './project-stage';
import { StageHandler } from './stage.handler';

jest.setTimeout(60_000);

// The handler writes logs through the driver, not mongoose: what it writes must still be a log as
// the schema describes it, whichever stage inserts it, for the api and the dashboard that read it.

describe('the logs the event-log writes', () => {
  const ns = testNamespace('stage-writes');
  const logger = createLogger({ service: 'test', level: 'error' });
  const { kafkaBrokers, mongoUrl } = testInfrastructure();
  let kafka: Kafka;
  let connection: Connection;
  let publisher: Publisher;
  let handler: StageHandler;

  beforeAll(async () => {
    kafka = createKafka({ brokers: kafkaBrokers, clientId: 'stage-writes-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    connection = await connectMongo({ url: mongoUrl, dbName: ns.dbName, logger, appName: 'event-log' });
    await sourceLogModel(connection).init();
    publisher = new Publisher(kafka, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    handler = new StageHandler(connection, publisher);
  });

  afterAll(async () => {
    await publisher?.close();
    await connection?.close();
  });

  function stage<K extends StageTopic>(eventId: string, topic: K, payload: MessageOf<K>['payload']): ReceivedMessage<StageTopic> {
    const value = { eventId, messageId: randomUUID(), sourceEnvironmentId: 'env_1', sourceKey: 'demo', environment: 'development', producedAt: new Date().toISOString(), payload };
    return { topic, key: eventId, value, partition: 0, offset: '0', headers: {}, context: ROOT_CONTEXT } as ReceivedMessage<StageTopic>;
  }

  const at = new Date().toISOString();
  const intake = (id: string) =>
    stage(id, 'intakeReceived', { receivedAt: at, contentType: 'application/json', headers: {}, bodyBase64: Buffer.from('{"type":"a"}').toString('base64'), verification: 'none', sensitiveHeaders: [] });
  const normalized = (id: string) =>
    stage(id, 'eventNormalized', { eventType: 'a', eventTime: at, receivedAt: at, timeSource: 'ingestion', body: { type: 'a' }, headers: {}, verification: 'none', idempotency: { outcome: 'disabled' } });
  const mapped = (id: string, mappingIds: string[]) =>
    stage(id, 'eventMapped', {
      eventType: 'a',
      planned: mappingIds.map((mappingId, position) => ({ actionId: `${id}:${mappingId}`, mappingId, actionType: 'identify_user', position, configured: {}, resolved: { id: 'u1' } })),
      skipped: [],
    });

  async function logOf(id: string) {
    const raw = await connection.collection('source_logs').findOne({ _id: id as never });
    expect(raw).not.toBeNull();
    // Valid against the schema the api reads it with.
    expect(sourceLogModel(connection).hydrate(raw).validateSync()).toBeUndefined();
    return raw as Record<string, unknown>;
  }

  it('inserts the schema defaults and the types with the first stage, whichever it is, and never writes an absent field as null', async () => {
    const [first, second] = [`evt_${randomUUID()}`, `evt_${randomUUID()}`];
    // One log inserted by its intake, one by its normalized stage (the intake of that one comes later).
    await handler.handle([intake(first), normalized(second)]);
    for (const id of [first, second]) {
      const log = await logOf(id);
      expect(log).toMatchObject({ actions: {}, version: 1, status: 'pending', sourceEnvironmentId: 'env_1' });
      expect(log.receivedAt).toBeInstanceOf(Date);
      expect(log.projectedAt).toBeInstanceOf(Date);
      expect(Object.entries(log).filter(([, v]) => v === null || v === undefined)).toEqual([]);
    }
    expect((await logOf(first)).verifiedKeyId).toBeUndefined();
    expect((await logOf(second)).eventTime).toBeInstanceOf(Date);

    await handler.handle([normalized(first), intake(second)]);
    await handler.handle([mapped(first, []), mapped(second, ['m1'])]);
    const unmapped = await logOf(first);
    expect(unmapped).toMatchObject({ status: 'no_mappings', version: 3, actions: {} });
    expect(unmapped.finalAt).toBeInstanceOf(Date);
    const planned = await logOf(second);
    expect(planned).toMatchObject({ status: 'pending', version: 3, actions: { m1: { actionId: `${second}:m1`, position: 0, resolved: { id: 'u1' } } } });
  });

  it('inserts no empty actions over the actions of a log whose plan arrives first', async () => {
    const id = `evt_${randomUUID()}`;
    await handler.handle([mapped(id, ['m1', 'm2'])]);
    await handler.handle([stage(id, 'actionCompleted', { actionId: `${id}:m1`, mappingId: 'm1', actionType: 'identify_user', result: { user_id: 'u1' }, completedAt: at })]);
    const log = await logOf(id);
    expect(Object.keys(log.actions as object)).toEqual(['m1', 'm2']);
    expect(log).toMatchObject({ version: 2, actions: { m1: { status: 'success', result: { user_id: 'u1' } } } });
    expect((log.actions as { m1: { at: unknown } }).m1.at).toBeInstanceOf(Date);
  });
});
