import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { MessageOf } from '@inlet/contracts';
import { createKafka, ensureTopics, Publisher, type ReceivedMessage } from '@inlet/platform/kafka';
import { connectMongo } from '@inlet/platform/mongo';
import { createLogger } from '@inlet/platform/observability';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { testInfrastructure, testNamespace } from '@inlet/testing';
import { STAGE_TOPICS, type StageTopic } from './project-stage';
import { StageHandler } from './stage.handler';

jest.setTimeout(120_000);

// Stage messages are keyed by event id, so one event's stages sit on the same partition number of
// each stage topic, and which event-log replica holds that partition differs from topic to topic:
// two replicas project the stages of one log at the same time, each with its own memory of the
// logs it wrote. Whatever the interleaving, each log must end with the status its stages lead to.

const PARTITIONS = 6;
const EVENTS = 120;
const BATCH = 20;

describe('two event-log replicas projecting the stages of the same logs at once', () => {
  const ns = testNamespace('stage-replicas');
  const logger = createLogger({ service: 'test', level: 'error' });
  const { kafkaBrokers, mongoUrl } = testInfrastructure();
  let kafka: Kafka;
  let connections: Connection[];
  let publisher: Publisher;
  let replicas: StageHandler[];

  beforeAll(async () => {
    kafka = createKafka({ brokers: kafkaBrokers, clientId: 'stage-replicas-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    // Each replica its own connection, as two processes have.
    connections = await Promise.all([1, 2].map((n) => connectMongo({ url: mongoUrl, dbName: ns.dbName, logger, appName: `event-log-${n}` })));
    await sourceLogModel(connections[0]).init();
    publisher = new Publisher(kafka, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    replicas = connections.map((c) => new StageHandler(c, publisher));
  });

  afterAll(async () => {
    await publisher?.close();
    await Promise.all((connections ?? []).map((c) => c.close()));
  });

  /** An event's stages as the pipeline produces them: received, normalized, mapped to two actions, then their outcomes. */
  function stagesOf(eventId: string, secondFails: boolean): { topic: StageTopic; value: MessageOf<StageTopic> }[] {
    const at = new Date().toISOString();
    const head = { eventId, sourceEnvironmentId: 'env_1', sourceKey: 'demo', environment: 'development', producedAt: at };
    const msg = <K extends StageTopic>(topic: K, payload: MessageOf<K>['payload']) => ({ topic, value: { ...head, messageId: randomUUID(), payload } as MessageOf<StageTopic> });
    const planned = ['m1', 'm2'].map((mappingId, position) => ({ actionId: `${eventId}:${mappingId}`, mappingId, actionType: 'identify_user', position, configured: {}, resolved: { id: 'u1' } }));
    return [
      msg('intakeReceived', { receivedAt: at, contentType: 'application/json', headers: {}, bodyBase64: Buffer.from('{"type":"a"}').toString('base64'), verification: 'none', sensitiveHeaders: [] }),
      msg('eventNormalized', { eventType: 'a', eventTime: at, receivedAt: at, timeSource: 'ingestion', body: { type: 'a' }, headers: {}, verification: 'none', idempotency: { outcome: 'disabled' } }),
      msg('eventMapped', { eventType: 'a', planned, skipped: [] }),
      msg('actionCompleted', { actionId: `${eventId}:m1`, mappingId: 'm1', actionType: 'identify_user', result: { user_id: 'u1' }, completedAt: at }),
      secondFails
        ? msg('actionFailed', { actionId: `${eventId}:m2`, mappingId: 'm2', actionType: 'identify_user', failure: { code: 'store_rejected', message: 'refused', retriable: false }, failedAt: at })
        : msg('actionCompleted', { actionId: `${eventId}:m2`, mappingId: 'm2', actionType: 'identify_user', result: { user_id: 'u1' }, completedAt: at }),
    ];
  }

  /**
   * Delivers messages as two replicas of one consumer group would: each topic-partition owned by one
   * replica (a different half for each topic), its messages handled in batches one after the other,
   * every topic-partition at once. Every other batch is delivered twice, as after a failed commit.
   */
  async function deliver(messages: { topic: StageTopic; value: MessageOf<StageTopic> }[]): Promise<void> {
    const queues = new Map<string, ReceivedMessage<StageTopic>[]>();
    for (const { topic, value } of messages) {
      const partition = [...value.eventId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7) % PARTITIONS;
      const queue = `${topic}:${partition}`;
      queues.set(queue, [...(queues.get(queue) ?? []), { topic, key: value.eventId, value, partition, offset: '0', headers: {}, context: ROOT_CONTEXT } as ReceivedMessage<StageTopic>]);
    }
    await Promise.all(
      [...queues].map(async ([queue, received]) => {
        const [topic, partition] = queue.split(':');
        const owner = replicas[(Number(partition) + STAGE_TOPICS.indexOf(topic as StageTopic)) % 2];
        for (let i = 0; i < received.length; i += BATCH) {
          const batch = received.slice(i, i + BATCH);
          await owner.handle(batch);
          if ((i / BATCH) % 2 === 1) await owner.handle(batch);
        }
      }),
    );
  }

  it('ends every log with the status its stages lead to, the stages arriving in any order or in the pipeline order', async () => {
    const ids = Array.from({ length: EVENTS }, (_, i) => `evt_${randomUUID()}_${i}`);
    const fails = (i: number) => i % 3 === 0;
    const stages = ids.map((id, i) => stagesOf(id, fails(i)));
    // Half the events: every stage at once, so they meet in any order. The other half in the
    // pipeline's order (each stage of every event before the next), so the replicas' memory of the
    // logs they wrote is used, and is out of date whenever the other replica wrote the stage between.
    const half = EVENTS / 2;
    await deliver(stages.slice(0, half).flat());
    for (let stage = 0; stage < 5; stage++) await deliver(stages.slice(half).map((s) => s[stage]));

    const logs = await sourceLogModel(connections[0]).find({ _id: { $in: ids } }).lean<SourceLog[]>();
    const statuses = new Map(logs.map((l) => [l._id, l.status]));
    const wrong = ids.map((id, i) => ({ id, expected: fails(i) ? 'partially_failed' : 'processed', status: statuses.get(id) })).filter((l) => l.status !== l.expected);
    expect(wrong).toEqual([]);
  });
});
