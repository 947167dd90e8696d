import { knownEventTypeId, knownEventTypeModel } from '@inlet/store/source-logs';
import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { SourceSchema } from '../sources/sources.schema';
import { EventTypeSchema } from './event-types.schema';

jest.setTimeout(60_000);

describe('event types api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-event-types');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
  });
  afterAll(() => api?.stop());

  it('lists the event types the event-log has seen, by name, with a sample', async () => {
    const seen = new Date(Date.UTC(2026, 0, 1));
    await knownEventTypeModel(api.connection).create({
      _id: knownEventTypeId('tasks.development', 'task.assigned'),
      sourceEnvironmentId: 'tasks.development',
      eventType: 'task.assigned',
      firstSeenAt: seen,
      lastSeenAt: seen,
      count: 2,
      sample: { data: { id: 't1' } },
    });
    const answer = await api.ok(entriesOf(EventTypeSchema), 'GET', '/v1/sources/tasks/environments/development/event-types');
    expect(answer.entries).toEqual([{ event_type: 'task.assigned', first_seen_at: seen.toISOString(), last_seen_at: seen.toISOString(), count: 2, sample: { data: { id: 't1' } } }]);
    expect((await api.ok(entriesOf(EventTypeSchema), 'GET', '/v1/sources/tasks/environments/production/event-types')).entries).toEqual([]);
  });

  it('answers 404 for an unknown source or environment', async () => {
    await api.fails('GET', '/v1/sources/none/environments/development/event-types', undefined, 404, 'source_not_found');
    await api.fails('GET', '/v1/sources/tasks/environments/none/event-types', undefined, 404, 'environment_not_found');
  });
});
