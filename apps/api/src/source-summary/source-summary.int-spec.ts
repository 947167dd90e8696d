import { sourceLogModel } from '@inlet/store/source-logs';
import { ApiTestApp } from '../shared/api-test-app';
import { SourceSchema } from '../sources/sources.schema';
import { SourceSummarySchema } from './source-summary.schema';

jest.setTimeout(60_000);

const MINUTE_MS = 60 * 1000;

describe('source summary api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-source-summary');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
    const log = (id: string, minutesAgo: number, status: string, tookMs?: number, environment = 'development') => {
      const receivedAt = new Date(Date.now() - minutesAgo * MINUTE_MS);
      return {
        _id: id,
        sourceEnvironmentId: `tasks.${environment}`,
        sourceKey: 'tasks',
        environment,
        status,
        receivedAt,
        ...(tookMs === undefined ? {} : { finalAt: new Date(receivedAt.getTime() + tookMs) }),
      };
    };
    await sourceLogModel(api.connection).insertMany([
      log('p1', 5, 'processed', 100),
      log('p2', 10, 'processed', 200),
      log('p3', 20, 'processed', 300),
      log('f1', 30, 'failed', 4_000),
      log('d1', 40, 'duplicate', 50),
      log('pend', 1, 'pending'),
      // Ended before finalAt was kept: counted, not timed.
      log('old', 50, 'processed'),
      log('r1', 2, 'signature_invalid', 0),
      log('r2', 3, 'signature_invalid', 0),
      log('r3', 4, 'too_large', 0),
      // Earlier today: only in the day's window.
      log('day1', 5 * 60, 'processed', 60_000),
      log('day2', 6 * 60, 'invalid_json', 0),
      // Older than a day, and another environment: in neither.
      log('gone', 25 * 60, 'processed', 10),
      log('prod', 5, 'failed', 10, 'production'),
    ]);
  });
  afterAll(() => api?.stop());

  it("counts the last hour's requests, accepted by status and refused by reason, with p50 and p99 from receipt to final", async () => {
    const hour = await api.ok(SourceSummarySchema, 'GET', '/v1/sources/tasks/environments/development/summary?window=1h');
    expect(hour).toMatchObject({
      source: 'tasks',
      environment: 'development',
      window: '1h',
      received: 10,
      accepted: 7,
      refused: { total: 3, by_reason: { signature_invalid: 2, too_large: 1, invalid_json: 0 } },
      statuses: { pending: 1, processed: 4, failed: 1, duplicate: 1, partially_failed: 0, no_mappings: 0, invalid_path: 0 },
      receipt_to_final: { count: 5, p50_ms: 200, p99_ms: 4_000, truncated: false },
    });
    expect(new Date(hour.to).getTime() - new Date(hour.from).getTime()).toBe(60 * MINUTE_MS);
  });

  it('takes the hour by default and the day with window=24h', async () => {
    const byDefault = await api.ok(SourceSummarySchema, 'GET', '/v1/sources/tasks/environments/development/summary');
    expect(byDefault).toMatchObject({ window: '1h', received: 10 });
    const day = await api.ok(SourceSummarySchema, 'GET', '/v1/sources/tasks/environments/development/summary?window=24h');
    expect(day).toMatchObject({
      window: '24h',
      received: 12,
      accepted: 8,
      refused: { total: 4, by_reason: { invalid_json: 1 } },
      statuses: { processed: 5 },
      receipt_to_final: { count: 6, p50_ms: 200, p99_ms: 60_000 },
    });
  });

  it("counts only the environment asked for, and answers zeros and no percentiles for a source that received nothing", async () => {
    const production = await api.ok(SourceSummarySchema, 'GET', '/v1/sources/tasks/environments/production/summary?window=1h');
    expect(production).toMatchObject({ received: 1, statuses: { failed: 1, processed: 0 } });
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'quiet', name: 'Quiet' }, 201);
    const quiet = await api.ok(SourceSummarySchema, 'GET', '/v1/sources/quiet/environments/development/summary');
    expect(quiet).toMatchObject({ received: 0, accepted: 0, refused: { total: 0 }, receipt_to_final: { count: 0, p50_ms: null, p99_ms: null } });
  });

  it.each([
    ['/v1/sources/tasks/environments/development/summary?window=7d', 400, 'invalid_request', 'window'],
    ['/v1/sources/tasks/environments/development/summary?since=1h', 400, 'invalid_request', 'since'],
    ['/v1/sources/nope/environments/development/summary', 404, 'source_not_found', undefined],
    ['/v1/sources/tasks/environments/staging/summary', 404, 'environment_not_found', undefined],
  ])('GET %s answers %i %s', async (path, status, code, mentions) => {
    await api.fails('GET', path, undefined, status, code, mentions);
  });
});
