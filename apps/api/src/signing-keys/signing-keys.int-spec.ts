import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { SourceEnvironmentSchema, SourceSchema } from '../sources/sources.schema';
import { CreatedSigningKeySchema, SigningKeySchema } from './signing-keys.schema';

jest.setTimeout(60_000);

describe('signing keys api', () => {
  let api: ApiTestApp;
  const path = '/v1/sources/billing/environments/development/signing-keys';

  beforeAll(async () => {
    api = await ApiTestApp.start('api-signing-keys');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'billing', name: 'Billing' }, 201);
  });
  afterAll(() => api?.stop());

  it('shows a new key once, lists both keys during the overlap by prefix, and revokes one', async () => {
    const first = await api.ok(CreatedSigningKeySchema, 'POST', path, {}, 201);
    expect(first.secret).toMatch(/^isk_[0-9a-f]{64}$/);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const second = await api.ok(CreatedSigningKeySchema, 'POST', path, { previous_valid_until: until }, 201);
    const listed = await api.ok(entriesOf(SigningKeySchema), 'GET', path);
    expect(listed.entries.map((k) => k.id).sort()).toEqual([first.id, second.id].sort());
    expect(JSON.stringify(listed)).not.toContain(first.secret);
    expect(listed.entries.find((k) => k.id === first.id)?.valid_until).toBe(until);
    expect((await api.call('DELETE', `${path}/${first.id}`)).status).toBe(204);
    expect((await api.ok(entriesOf(SigningKeySchema), 'GET', path)).entries.map((k) => k.id)).toEqual([second.id]);
  });

  it('refuses an overlap in the past naming the field, an unknown key, and revoking the last key while verification is on', async () => {
    await api.fails('POST', path, { previous_valid_until: '2020-01-01T00:00:00Z' }, 400, 'invalid_request', 'previous_valid_until');
    await api.fails('DELETE', `${path}/no-such-key`, undefined, 404, 'signing_key_not_found');
    await api.fails('POST', '/v1/sources/billing/environments/nowhere/signing-keys', {}, 404, 'environment_not_found');
    const [only] = (await api.ok(entriesOf(SigningKeySchema), 'GET', path)).entries;
    await api.ok(SourceEnvironmentSchema, 'PATCH', '/v1/sources/billing/environments/development', { verification: { enabled: true } });
    await api.fails('DELETE', `${path}/${only.id}`, undefined, 409, 'verification_enabled');
  });
});
