import { createLogger } from '@inlet/platform/observability';
import { connectMongo } from '@inlet/platform/mongo';
import { retentionCutoff } from '@inlet/platform/pipeline';
import { sourceLogModel } from '@inlet/store/source-logs';
import { testInfrastructure, testNamespace } from '@inlet/testing';
import type { Connection } from 'mongoose';
import { pruneSourceLogs } from './prune-source-logs';

describe('source log retention, against the real store', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await connectMongo({ url: testInfrastructure().mongoUrl, dbName: testNamespace('retention').dbName, logger: createLogger({ service: 'test', level: 'error' }), appName: 'test' });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('deletes the logs received before the cutoff and keeps the rest', async () => {
    const now = new Date('2026-06-30T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const log = (id: string, receivedAt: Date) => ({ _id: id, sourceEnvironmentId: 'e', sourceKey: 's', environment: 'development', status: 'processed', receivedAt, actions: {}, timeline: {}, version: 1 });
    await sourceLogModel(connection).init();
    await sourceLogModel(connection).insertMany([log('old', daysAgo(31)), log('edge', daysAgo(29)), log('new', daysAgo(1))]);

    expect(await pruneSourceLogs(connection, retentionCutoff(now, 30))).toBe(1);
    const left = await sourceLogModel(connection).find({}, { _id: 1 }).lean();
    expect(left.map((l) => l._id).sort()).toEqual(['edge', 'new']);
  });
});
