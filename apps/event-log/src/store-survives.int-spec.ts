import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { MessageOf } from '@inlet/contracts';
import { connectMongo } from '@inlet/platform/mongo';
import { createLogger } from '@inlet/platform/observability';
import { sourceLogModel } from '@inlet/store/source-logs';
import { hostileCorpus, startPrivateStore } from '@inlet/testing';
import { projectStage } from './project-stage';

jest.setTimeout(120_000);

const logger = createLogger({ service: 'test', level: 'error' });

/**
 * The persistent store `npm start` runs (mongo-java-server on H2) must come back after any input
 * Inlet accepts, with everything it acknowledged: an earlier version stored a deeply nested body,
 * then could not open its own file again.
 */
describe('the persistent local store after the hostile corpus and a kill -9', () => {
  let store: Awaited<ReturnType<typeof startPrivateStore>>;
  let connection: Connection | undefined;

  beforeAll(async () => {
    store = await startPrivateStore(() => undefined);
  });

  afterAll(async () => {
    await connection?.close();
    await store?.stop();
  });

  const connect = () => connectMongo({ url: store.url, dbName: 'hostile', logger, appName: 'test' });

  it('opens again and returns every accepted body exactly as the event-log stored it', async () => {
    const accepted = hostileCorpus().filter((c) => c.expected.accepted);
    expect(accepted.length).toBeGreaterThan(5);
    connection = await connect();
    const logs = sourceLogModel(connection);
    await logs.init();
    const messages = accepted.map((c) => ({ name: c.name, message: intakeOf(c.bytes, c.headers) }));
    // The event-log's own write: one upsert per stage message, in one bulk write.
    await logs.bulkWrite(
      messages.map(({ message }) => {
        const { eventId, update } = projectStage('intakeReceived', message);
        return { updateOne: { filter: { _id: eventId }, update, upsert: true } };
      }),
      { ordered: true },
    );

    await store.kill();
    await connection.close(true);
    await store.restart();
    connection = await connect();

    const stored = await sourceLogModel(connection)
      .find({ _id: { $in: messages.map((m) => m.message.eventId) } }, { request: 1 })
      .lean<{ _id: string; request: { body?: unknown; bodyText?: string } }[]>();
    const byId = new Map(stored.map((s) => [s._id, s.request]));
    for (const { name, message } of messages) {
      const expected = accepted.find((c) => c.name === name)!.expected as { body: unknown };
      expect({ name, body: byId.get(message.eventId)?.body }).toEqual({ name, body: expected.body });
    }
  });
});

function intakeOf(bytes: Buffer, headers: Record<string, string>): MessageOf<'intakeReceived'> {
  const now = new Date().toISOString();
  return {
    messageId: randomUUID(),
    eventId: randomUUID(),
    sourceEnvironmentId: 'hostile.development',
    sourceKey: 'hostile',
    environment: 'development',
    producedAt: now,
    payload: { receivedAt: now, contentType: 'application/json', headers, bodyBase64: bytes.toString('base64'), verification: 'none', sensitiveHeaders: [] },
  };
}
