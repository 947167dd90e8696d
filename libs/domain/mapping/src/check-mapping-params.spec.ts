import { ActionSchema, ActionTypeSchema, type ActionType, type MappingConfig } from '@inlet/contracts';
import { ACTION_PARAMS } from './action-params';
import { checkMappingParams } from './check-mapping-params';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `u_${i}`);

describe('ACTION_PARAMS', () => {
  it.each(ActionTypeSchema.options)('lists exactly the parameters ActionSchema gives %s, required where the contract requires them', (type) => {
    const option = ActionSchema.options.find((o) => o.shape.type.value === type);
    const shape = option?.shape.params.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    const contract = Object.entries(shape).map(([name, schema]) => ({ name, required: !schema.safeParse(undefined).success }));
    expect(ACTION_PARAMS[type].map((p) => ({ name: p.name, required: p.required }))).toEqual(expect.arrayContaining(contract));
    expect(ACTION_PARAMS[type]).toHaveLength(contract.length);
    for (const p of ACTION_PARAMS[type]) expect(p.description.length).toBeGreaterThan(0);
  });
});

describe('checkMappingParams', () => {
  it.each<[ActionType, MappingConfig['params']]>([
    ['identify_user', { id: { path: 'data.id' }, email: { path: 'data.email' }, plan: { literal: 'pro' }, 'properties.seats': { literal: 3 }, properties: { path: 'data.traits' } }],
    ['delete_user', { id: { path: 'headers.x-user-id' } }],
    ['set_object', { collection: { literal: 'projects' }, id: { path: 'data.id' }, name: { literal: 'P' }, owner: { path: 'data.owner' } }],
    ['delete_object', { collection: { literal: 'projects' }, id: { path: 'data.id' } }],
    ['set_tenant', { id: { path: 'org.id' }, settings: { literal: { theme: 'dark' } }, 'settings.locale': { literal: 'fr' }, tier: { literal: 'gold' } }],
    ['delete_tenant', { id: { literal: 'org_1' } }],
    ['subscribe', { collection: { literal: 'projects' }, object_id: { path: 'data.id' }, recipients: { literal: ['u_1', { id: 'p_1', collection: 'projects' }] }, 'properties.role': { literal: 'owner' } }],
    ['unsubscribe', { collection: { literal: 'projects' }, object_id: { path: 'data.id' }, recipients: { path: 'data.watchers' } }],
    ['add_audience_members', { audience_key: { literal: 'beta' }, user_ids: { path: 'data.ids' }, tenant: { literal: 'org_1' }, create_audience: { literal: true } }],
    ['remove_audience_members', { audience_key: { literal: 'beta' }, user_ids: { literal: ids(1000) } }],
    ['cancel_workflow', { key: { literal: 'wf' }, cancellation_key: { path: 'data.id' }, recipients: { path: 'data.user' } }],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { path: 'data.users' }, actor: { literal: 'u_0' }, data: { path: 'data' }, 'data.source': { literal: 'hook' }, tenant: { literal: { id: 'org_1', name: 'Acme' } }, cancellation_key: { path: 'data.id' } }],
  ])('accepts a well-formed %s mapping', (type, params) => {
    expect(checkMappingParams(type, params)).toEqual({ ok: true });
  });

  it.each<[ActionType, MappingConfig['params'], string, string]>([
    // names the action does not take
    ['delete_user', { id: { literal: 'u_1' }, email: { literal: 'a@example.com' } }, 'email', 'action "delete_user" takes no parameter "email" (it takes id)'],
    ['subscribe', { collection: { literal: 'c' }, object_id: { literal: 'o' }, recipients: { literal: 'u' }, role: { literal: 'x' } }, 'role', 'takes no parameter "role" (it takes collection, object_id, recipients, properties, properties.<field>)'],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { literal: 'u' }, 'properties.x': { literal: 1 } }, 'properties.x', 'takes no parameter "properties.x"'],
    ['subscribe', { collection: { literal: 'c' }, object_id: { literal: 'o' }, recipients: { literal: 'u' }, 'data.x': { literal: 1 } }, 'data.x', 'takes no parameter "data.x"'],
    ['cancel_workflow', { key: { literal: 'wf' }, cancellation_key: { literal: 'c' }, 'data.x': { literal: 1 } }, 'data.x', 'takes no parameter "data.x"'],
    ['set_object', { collection: { literal: 'c' }, id: { literal: 'o' }, 'settings.x': { literal: 1 } }, 'settings.x', "must be a name without '.'"],
    ['identify_user', { id: { literal: 'u' }, $set: { literal: 1 } }, '$set', "that does not start with '$'"],
    ['identify_user', { id: { literal: 'u' }, 'properties.a.b': { path: 'x' } }, 'properties.a.b', "must be a name without '.'"],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { literal: 'u' }, 'data.': { literal: 1 } }, 'data.', 'parameter "data." names no field of "data"'],
    // paths
    ['delete_user', { id: { path: 'data..id' } }, 'id', 'path "data..id" has an empty segment'],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { path: 'headers' } }, 'recipients', 'needs a name after "headers."'],
    // literals of the wrong type
    ['add_audience_members', { audience_key: { literal: 'b' }, user_ids: { literal: 'u' }, create_audience: { literal: 'yes' } }, 'create_audience', 'must be a boolean, got string'],
    ['trigger_workflow', { key: { literal: '' }, recipients: { literal: 'u' } }, 'key', 'must be a non-empty string, got an empty string'],
    ['cancel_workflow', { key: { literal: 5 }, cancellation_key: { literal: 'c' } }, 'key', 'must be a non-empty string, got number'],
    ['delete_user', { id: { literal: null } }, 'id', 'must be a non-empty string, got null'],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { literal: ['u_1', 2] } }, 'recipients[1]', 'got number'],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { literal: 'u' }, tenant: { literal: { id: 'o', settings: 1 } } }, 'tenant.settings', 'must be an object, got number'],
    ['trigger_workflow', { key: { literal: 'wf' }, recipients: { literal: 'u' }, data: { literal: 'x' } }, 'data', 'must be an object, got string'],
    ['set_tenant', { id: { literal: 'o' }, settings: { literal: ['dark'] } }, 'settings', 'must be an object, got an array'],
    ['identify_user', { id: { literal: 'u' }, properties: { literal: { $a: 1 } } }, 'properties.$a', "that does not start with '$'"],
    ['subscribe', { collection: { literal: 'c' }, object_id: { literal: 'o' }, recipients: { literal: ids(101) } }, 'recipients', 'has 101 recipients, more than the limit of 100'],
    ['add_audience_members', { audience_key: { literal: 'b' }, user_ids: { literal: [] } }, 'user_ids', 'must be at least one user id'],
    // required parameters
    ['trigger_workflow', { recipients: { path: 'data.users' } }, 'key', 'required parameter "key" is not mapped'],
  ])('refuses %s %j, naming %s', (type, params, field, message) => {
    expect(checkMappingParams(type, params)).toEqual({ ok: false, field, message: expect.stringContaining(message) });
  });

  const requiredParams = ActionTypeSchema.options.flatMap((type) => ACTION_PARAMS[type].filter((p) => p.required).map((p) => [type, p.name] as const));

  it.each(requiredParams)('refuses %s without its required %s', (type, name) => {
    const params = Object.fromEntries(ACTION_PARAMS[type].filter((p) => p.required && p.name !== name).map((p) => [p.name, { path: 'x' }]));
    expect(checkMappingParams(type, params)).toEqual({ ok: false, field: name, message: `required parameter "${name}" is not mapped` });
  });
});
