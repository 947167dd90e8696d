import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { EnvironmentSchema, SourceEnvironmentSchema, SourceSchema } from './sources.schema';

jest.setTimeout(60_000);

/** Sources, environments and source environment settings, answered as the OpenAPI document says. */
describe('sources and environments api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-sources');
  });
  afterAll(() => api?.stop());

  it('creates, lists, reads, renames and deletes a source, present in every environment', async () => {
    const created = await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
    expect(created).toMatchObject({ key: 'tasks', name: 'Tasks', description: '', type: 'custom' });
    expect((await api.ok(entriesOf(SourceSchema), 'GET', '/v1/sources')).entries.map((s) => s.key)).toContain('tasks');
    expect(await api.ok(SourceSchema, 'PATCH', '/v1/sources/tasks', { description: 'Task events' })).toMatchObject({ description: 'Task events' });
    for (const env of ['development', 'production']) {
      const settings = await api.ok(SourceEnvironmentSchema, 'GET', `/v1/sources/tasks/environments/${env}`);
      expect(settings).toMatchObject({ source: 'tasks', environment: env, version: 1 });
    }
    await api.ok(SourceSchema, 'GET', '/v1/sources/tasks');
    expect((await api.call('DELETE', '/v1/sources/tasks')).status).toBe(204);
    await api.fails('GET', '/v1/sources/tasks', undefined, 404, 'source_not_found', 'tasks');
  });

  it('refuses a malformed source naming the field, an unknown field, and a key that exists', async () => {
    await api.fails('POST', '/v1/sources', { key: 'Not Valid', name: 'x' }, 400, 'invalid_request', 'key');
    await api.fails('POST', '/v1/sources', { key: 'ok', name: 'x', colour: 'red' }, 400, 'invalid_request', 'colour');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'dupe', name: 'Dupe' }, 201);
    await api.fails('POST', '/v1/sources', { key: 'dupe', name: 'Again' }, 409, 'source_exists', 'dupe');
    await api.fails('PATCH', '/v1/sources/missing', { name: 'x' }, 404, 'source_not_found');
    await api.fails('DELETE', '/v1/sources/missing', undefined, 404, 'source_not_found');
  });

  it('creates an environment where every source gets settings, and refuses it twice', async () => {
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'shop', name: 'Shop' }, 201);
    await api.ok(EnvironmentSchema, 'POST', '/v1/environments', { name: 'staging' }, 201);
    expect((await api.ok(entriesOf(EnvironmentSchema), 'GET', '/v1/environments')).entries.map((e) => e.name)).toEqual(expect.arrayContaining(['development', 'production', 'staging']));
    await api.ok(SourceEnvironmentSchema, 'GET', '/v1/sources/shop/environments/staging');
    await api.fails('POST', '/v1/environments', { name: 'staging' }, 409, 'environment_exists');
    await api.fails('POST', '/v1/environments', { name: '' }, 400, 'invalid_request', 'name');
  });

  it('updates settings, refuses a stale version with 409 conflict, and regenerates the endpoint', async () => {
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'crm', name: 'CRM' }, 201);
    const path = '/v1/sources/crm/environments/development';
    const before = await api.ok(SourceEnvironmentSchema, 'GET', path);
    const updated = await api.ok(SourceEnvironmentSchema, 'PATCH', path, { event_type_path: 'kind', version: before.version });
    expect(updated).toMatchObject({ settings: { event_type_path: 'kind' }, version: before.version + 1 });
    await api.fails('PATCH', path, { event_type_path: 'type', version: before.version }, 409, 'conflict');
    await api.fails('PATCH', path, { max_body_bytes: 0 }, 400, 'invalid_request', 'max_body_bytes');
    await api.fails('PATCH', path, { verification: { enabled: true } }, 409, 'no_signing_key');
    const regenerated = await api.ok(SourceEnvironmentSchema, 'POST', `${path}/endpoint/regenerate`, undefined, 201);
    expect(regenerated.endpoint).not.toBe(updated.endpoint);
    await api.fails('GET', '/v1/sources/crm/environments/nowhere', undefined, 404, 'environment_not_found');
    await api.fails('GET', '/v1/sources/nothing/environments/development', undefined, 404, 'source_not_found');
  });
});
