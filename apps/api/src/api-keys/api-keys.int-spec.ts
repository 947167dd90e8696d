import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { ApiKeySchema, CreatedApiKeySchema } from './api-keys.schema';

jest.setTimeout(60_000);

describe('api keys api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-keys');
  });
  afterAll(() => api?.stop());

  it('creates a key that authenticates, lists it by prefix, and revokes it for good', async () => {
    const created = await api.ok(CreatedApiKeySchema, 'POST', '/v1/api-keys', { name: 'ci' }, 201);
    expect((await api.call('GET', '/v1/sources', undefined, created.key)).status).toBe(200);
    const listed = await api.ok(entriesOf(ApiKeySchema), 'GET', '/v1/api-keys');
    expect(listed.entries).toContainEqual({ id: created.id, name: 'ci', prefix: created.prefix, created_at: created.created_at, revoked_at: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect((await api.call('DELETE', `/v1/api-keys/${created.id}`)).status).toBe(204);
    expect(await api.call('GET', '/v1/sources', undefined, created.key)).toEqual({ status: 401, body: { error: { code: 'unauthenticated', message: 'The API key was revoked.' } } });
    await api.fails('DELETE', `/v1/api-keys/${created.id}`, undefined, 404, 'api_key_not_found');
  });

  it('refuses a key without a name, naming the field, and a request without a key', async () => {
    await api.fails('POST', '/v1/api-keys', {}, 400, 'invalid_request', 'name');
    expect((await api.call('GET', '/v1/api-keys', undefined, 'not-a-key')).status).toBe(401);
  });
});
