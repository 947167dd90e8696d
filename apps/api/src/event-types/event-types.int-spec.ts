import { knownEventTypeId, knownEventTypeModel } from '@inlet/store/source-logs';
import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { SourceSchema } from '../sources/sources.schema';
import { EventTypeSampleSchema, EventTypeSchema } from './event-types.schema';

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

  it("pages through a type's recent samples newest first, and leaves them out of the listing", async () => {
    const at = (second: number) => new Date(Date.UTC(2026, 0, 2, 0, 0, second));
    const sample = (n: number) => ({ eventId: `evt_${n}`, receivedAt: at(n), body: { data: { n } }, headers: { 'x-request-id': `r${n}` } });
    await knownEventTypeModel(api.connection).create({
      _id: knownEventTypeId('tasks.development', 'task.completed'),
      sourceEnvironmentId: 'tasks.development',
      eventType: 'task.completed',
      firstSeenAt: at(1),
      lastSeenAt: at(2),
      count: 2,
      sample: { data: { n: 2 } },
      samples: [sample(2), sample(1)],
    });
    const samples = await api.ok(entriesOf(EventTypeSampleSchema), 'GET', '/v1/sources/tasks/environments/development/event-types/task.completed/samples');
    expect(samples.entries).toEqual([
      { event_id: 'evt_2', received_at: at(2).toISOString(), body: { data: { n: 2 } }, headers: { 'x-request-id': 'r2' } },
      { event_id: 'evt_1', received_at: at(1).toISOString(), body: { data: { n: 1 } }, headers: { 'x-request-id': 'r1' } },
    ]);
    // The listing parses with no field its schema does not name: `samples` stays out of it.
    const listed = await api.ok(entriesOf(EventTypeSchema), 'GET', '/v1/sources/tasks/environments/development/event-types');
    expect(listed.entries.map((t) => t.event_type)).toEqual(['task.assigned', 'task.completed']);
    // A type seen before samples were kept has none.
    expect((await api.ok(entriesOf(EventTypeSampleSchema), 'GET', '/v1/sources/tasks/environments/development/event-types/task.assigned/samples')).entries).toEqual([]);
  });

  it('answers 404 for an unknown source, environment or event type', async () => {
    await api.fails('GET', '/v1/sources/none/environments/development/event-types', undefined, 404, 'source_not_found');
    await api.fails('GET', '/v1/sources/tasks/environments/none/event-types', undefined, 404, 'environment_not_found');
    await api.fails('GET', '/v1/sources/tasks/environments/development/event-types/task.never/samples', undefined, 404, 'event_type_not_found', 'task.never');
    await api.fails('GET', '/v1/sources/tasks/environments/production/event-types/task.completed/samples', undefined, 404, 'event_type_not_found');
  });
});
