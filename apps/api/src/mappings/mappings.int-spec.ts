import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { SourceSchema } from '../sources/sources.schema';
import { MappingSchema, MappingWithWarningsSchema } from './mappings.schema';

jest.setTimeout(60_000);

describe('mappings api', () => {
  let api: ApiTestApp;
  const base = '/v1/sources/tasks/environments/development/mappings';
  const assigned = {
    event_type: 'task.assigned',
    action_type: 'trigger_workflow',
    params: { key: { literal: 'task-assigned' }, recipients: { path: 'data.assignee' } },
  };

  beforeAll(async () => {
    api = await ApiTestApp.start('api-mappings');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
  });
  afterAll(() => api?.stop());

  it('creates a mapping with a warning for an event type never received, then reads, updates, toggles and deletes it', async () => {
    const created = await api.ok(MappingWithWarningsSchema, 'POST', base, assigned, 201);
    expect(created).toMatchObject({ event_type: 'task.assigned', active: true, version: 1, warnings: [{ code: 'event_type_not_seen' }] });
    expect((await api.ok(entriesOf(MappingSchema), 'GET', `${base}?event_type=task.assigned`)).entries.map((m) => m.id)).toEqual([created.id]);
    await api.ok(MappingSchema, 'GET', `${base}/${created.id}`);
    const updated = await api.ok(MappingWithWarningsSchema, 'PATCH', `${base}/${created.id}`, { params: { ...assigned.params, actor: { path: 'data.by' } }, version: 1 });
    expect(updated.version).toBe(2);
    expect(await api.ok(MappingSchema, 'POST', `${base}/${created.id}/deactivate`)).toMatchObject({ active: false });
    expect(await api.ok(MappingSchema, 'POST', `${base}/${created.id}/activate`)).toMatchObject({ active: true });
    const copies = await api.ok(entriesOf(MappingSchema), 'POST', `${base}/copy`, { to_environment: 'production' });
    expect(copies.entries).toEqual([expect.objectContaining({ environment: 'production', event_type: 'task.assigned' })]);
    expect((await api.call('DELETE', `${base}/${created.id}`)).status).toBe(204);
    await api.fails('GET', `${base}/${created.id}`, undefined, 404, 'mapping_not_found');
  });

  it('refuses parameters the action does not take, a malformed path, and a required one not mapped, naming each', async () => {
    await api.fails('POST', base, { ...assigned, params: { ...assigned.params, colour: { literal: 'red' } } }, 400, 'invalid_request', 'colour');
    await api.fails('POST', base, { ...assigned, params: { ...assigned.params, recipients: { path: 'data..x' } } }, 400, 'invalid_request', 'params.recipients');
    await api.fails('POST', base, { ...assigned, params: { recipients: { path: 'data.assignee' } } }, 400, 'invalid_request', 'key');
    await api.fails('POST', base, { ...assigned, action_type: 'send_fax' }, 400, 'invalid_request', 'action_type');
    await api.fails('GET', `${base}?colour=red`, undefined, 400, 'invalid_request', 'colour');
  });

  it('answers 409 conflict to a stale version and 404 outside a source environment', async () => {
    const created = await api.ok(MappingWithWarningsSchema, 'POST', base, assigned, 201);
    await api.ok(MappingWithWarningsSchema, 'PATCH', `${base}/${created.id}`, { active: false, version: 1 });
    await api.fails('PATCH', `${base}/${created.id}`, { active: true, version: 1 }, 409, 'conflict');
    await api.fails('GET', '/v1/sources/tasks/environments/nowhere/mappings', undefined, 404, 'environment_not_found');
    await api.fails('POST', '/v1/sources/none/environments/development/mappings', assigned, 404, 'source_not_found');
  });
});
