import { sourceLogModel } from '@inlet/store/source-logs';
import { ApiTestApp } from '../shared/api-test-app';
import { SourceSchema } from '../sources/sources.schema';
import { SourceActivityListSchema } from './source-activity.schema';

jest.setTimeout(60_000);

const HOUR_MS = 60 * 60 * 1000;

describe('source activity api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-source-activity');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'quiet', name: 'Quiet' }, 201);
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
  });
  afterAll(() => api?.stop());

  const log = (id: string, environment: string, hoursAgo: number, status = 'processed') => ({
    _id: id,
    sourceEnvironmentId: `tasks.${environment}`,
    sourceKey: 'tasks',
    environment,
    status,
    receivedAt: new Date(Date.now() - hoursAgo * HOUR_MS),
  });

  it('gives each source its newest request and the count of the last 24 hours, refused requests included, per environment', async () => {
    const newest = log('evt_new', 'development', 1, 'signature_invalid');
    const prod = log('evt_prod', 'production', 30);
    await sourceLogModel(api.connection).insertMany([newest, log('evt_mid', 'development', 23), log('evt_old', 'development', 25), prod]);

    const development = await api.ok(SourceActivityListSchema, 'GET', '/v1/environments/development/source-activity');
    expect(development.entries).toEqual([
      { source: 'quiet', last_event_at: null, events_last_24h: 0 },
      { source: 'tasks', last_event_at: newest.receivedAt.toISOString(), events_last_24h: 2 },
    ]);
    const production = await api.ok(SourceActivityListSchema, 'GET', '/v1/environments/production/source-activity');
    expect(production.entries).toContainEqual({ source: 'tasks', last_event_at: prod.receivedAt.toISOString(), events_last_24h: 0 });
  });

  it('answers 404 for an unknown environment', async () => {
    await api.fails('GET', '/v1/environments/staging/source-activity', undefined, 404, 'environment_not_found');
  });
});
