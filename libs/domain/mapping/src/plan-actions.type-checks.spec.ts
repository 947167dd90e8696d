import { ActionSchema, type ActionType, type MappingConfig } from '@inlet/contracts';
import { planActions } from './plan-actions';

/** The smallest working mapping of each action type, all literals; each test overrides one parameter. */
const BASE: { [T in ActionType]: MappingConfig['params'] } = {
  identify_user: { id: { literal: 'u_1' } },
  delete_user: { id: { literal: 'u_1' } },
  set_object: { collection: { literal: 'projects' }, id: { literal: 'p_1' } },
  delete_object: { collection: { literal: 'projects' }, id: { literal: 'p_1' } },
  set_tenant: { id: { literal: 'org_1' } },
  delete_tenant: { id: { literal: 'org_1' } },
  subscribe: { collection: { literal: 'projects' }, object_id: { literal: 'p_1' }, recipients: { literal: 'u_1' } },
  unsubscribe: { collection: { literal: 'projects' }, object_id: { literal: 'p_1' }, recipients: { literal: 'u_1' } },
  add_audience_members: { audience_key: { literal: 'beta' }, user_ids: { literal: 'u_1' } },
  remove_audience_members: { audience_key: { literal: 'beta' }, user_ids: { literal: 'u_1' } },
  cancel_workflow: { key: { literal: 'wf' }, cancellation_key: { literal: 'c_1' } },
  trigger_workflow: { key: { literal: 'wf' }, recipients: { literal: 'u_1' } },
};

/** Plans `type` with `name` set to the literal `value`, next to a second mapping that always works. */
function planWith(type: ActionType, name: string, value: unknown) {
  const params = { ...BASE[type], [name]: { literal: value } };
  const mappings: MappingConfig[] = [
    { kind: 'mapping', id: 'm1', sourceEnvironmentId: 'env_1', eventType: 'e', actionType: type, params, active: true },
    { kind: 'mapping', id: 'm2', sourceEnvironmentId: 'env_1', eventType: 'e', actionType: 'delete_tenant', params: BASE.delete_tenant, active: true },
  ];
  return planActions({ eventId: 'evt_1', eventType: 'e', root: { body: {}, headers: {} }, mappings });
}

function builtParam(type: ActionType, name: string, value: unknown): unknown {
  const { requests, skipped } = planWith(type, name, value);
  expect(skipped).toEqual([]);
  const action = requests.find((r) => r.mappingId === 'm1')?.action;
  expect(ActionSchema.safeParse(action).success).toBe(true);
  return (action?.params as Record<string, unknown>)[name];
}

const RECIPIENT = 'must be a user id, an inline user {id, ...} or an object reference {id, collection}';

describe('planActions type checks', () => {
  it.each([
    ['a user id', 'u_1', [{ kind: 'user', id: 'u_1' }]],
    ['an array of ids', ['u_1', 'u_2'], [{ kind: 'user', id: 'u_1' }, { kind: 'user', id: 'u_2' }]],
    ['duplicates, kept as sent', ['u_1', 'u_1'], [{ kind: 'user', id: 'u_1' }, { kind: 'user', id: 'u_1' }]],
    ['an inline user with only an id', { id: 'u_1' }, [{ kind: 'user', id: 'u_1' }]],
    [
      'an inline user, custom fields as properties and null fields left out',
      { id: 'u_1', name: 'Ada', email: null, timezone: 'Europe/London', plan: 'pro' },
      [{ kind: 'user', id: 'u_1', profile: { name: 'Ada', timezone: 'Europe/London', properties: { plan: 'pro' } } }],
    ],
    ['an object reference', { id: 'p_1', collection: 'projects' }, [{ kind: 'object', collection: 'projects', id: 'p_1' }]],
    ['an object with more than id and collection, an inline user', { id: 'u_1', collection: 'c', name: 'Ada' }, [{ kind: 'user', id: 'u_1', profile: { name: 'Ada', properties: { collection: 'c' } } }]],
    ['a mixed array', ['u_1', { id: 'u_2', locale: 'fr' }, { id: 'p_1', collection: 'projects' }], [{ kind: 'user', id: 'u_1' }, { kind: 'user', id: 'u_2', profile: { locale: 'fr' } }, { kind: 'object', collection: 'projects', id: 'p_1' }]],
  ])('accepts recipients as %s', (_, value, expected) => {
    expect(builtParam('trigger_workflow', 'recipients', value)).toEqual(expected);
  });

  it.each([
    ['trigger_workflow', 'actor', 'u_9', { kind: 'user', id: 'u_9' }],
    ['trigger_workflow', 'actor', { id: 'u_9', avatar: 'https://a.example/9.png' }, { kind: 'user', id: 'u_9', profile: { avatar: 'https://a.example/9.png' } }],
    ['trigger_workflow', 'actor', { id: 'q_1', collection: 'queues' }, { kind: 'object', collection: 'queues', id: 'q_1' }],
    ['trigger_workflow', 'tenant', 'org_1', { id: 'org_1' }],
    ['trigger_workflow', 'tenant', { id: 'org_1', name: null }, { id: 'org_1' }],
    ['trigger_workflow', 'tenant', { id: 'org_1', name: 'Acme', settings: { theme: 'dark' }, tier: 'gold' }, { id: 'org_1', profile: { name: 'Acme', settings: { theme: 'dark' }, properties: { tier: 'gold' } } }],
    ['trigger_workflow', 'cancellation_key', 'c_1', 'c_1'],
    ['cancel_workflow', 'recipients', ['u_1', { id: 'p_1', collection: 'projects' }], [{ kind: 'user', id: 'u_1' }, { kind: 'object', collection: 'projects', id: 'p_1' }]],
    ['subscribe', 'recipients', { id: 'u_1', email: 'a@example.com' }, [{ kind: 'user', id: 'u_1', profile: { email: 'a@example.com' } }]],
    ['add_audience_members', 'user_ids', 'u_1', ['u_1']],
    ['add_audience_members', 'user_ids', ['u_1', 'u_2'], ['u_1', 'u_2']],
    ['add_audience_members', 'create_audience', false, false],
    ['add_audience_members', 'tenant', 'org_1', 'org_1'],
    ['remove_audience_members', 'tenant', 'org_1', 'org_1'],
    ['set_tenant', 'settings', { theme: 'dark' }, { theme: 'dark' }],
    ['set_object', 'name', '', ''],
  ] as const)('%s accepts %s = %j', (type, name, value, expected) => {
    expect(builtParam(type, name, value)).toEqual(expected);
  });

  it.each([
    // recipients
    ['trigger_workflow', 'recipients', 42, 'recipients', `${RECIPIENT}, got number`],
    ['trigger_workflow', 'recipients', ['u_1', 'u_2', 7], 'recipients[2]', `${RECIPIENT}, got number`],
    ['trigger_workflow', 'recipients', [], 'recipients', 'must be at least one recipient, got an empty array'],
    ['trigger_workflow', 'recipients', '', 'recipients', `${RECIPIENT}, got an empty string`],
    ['trigger_workflow', 'recipients', [null], 'recipients[0]', `${RECIPIENT}, got null`],
    ['trigger_workflow', 'recipients', [['u_1']], 'recipients[0]', `${RECIPIENT}, got an array`],
    ['trigger_workflow', 'recipients', [{ id: 3 }], 'recipients[0].id', 'must be a non-empty string, got number'],
    ['trigger_workflow', 'recipients', [{ name: 'Ada' }], 'recipients[0].id', 'must be a non-empty string, got nothing'],
    ['trigger_workflow', 'recipients', { id: 'u_1', email: 5 }, 'recipients.email', 'must be a string, got number'],
    ['trigger_workflow', 'recipients', [{ id: 'u_1', 'a.b': 1 }], 'recipients[0].a.b', "must be a name without '.' that does not start with '$'"],
    ['trigger_workflow', 'recipients', [{ id: 'p_1', collection: 5 }], 'recipients[0].collection', 'must be a non-empty string, got number'],
    ['trigger_workflow', 'recipients', [{ id: '', collection: 'projects' }], 'recipients[0].id', 'must be a non-empty string, got an empty string'],
    ['subscribe', 'recipients', [1], 'recipients[0]', `${RECIPIENT}, got number`],
    ['unsubscribe', 'recipients', true, 'recipients', `${RECIPIENT}, got boolean`],
    ['cancel_workflow', 'recipients', [], 'recipients', 'must be at least one recipient'],
    // actor
    ['trigger_workflow', 'actor', ['u_1'], 'actor', `${RECIPIENT}, got an array`],
    ['trigger_workflow', 'actor', 12, 'actor', `${RECIPIENT}, got number`],
    ['trigger_workflow', 'actor', { id: 'u_1', avatar: true }, 'actor.avatar', 'must be a string, got boolean'],
    // tenant
    ['trigger_workflow', 'tenant', 5, 'tenant', 'must be a tenant id or an inline tenant {id, ...}, got number'],
    ['trigger_workflow', 'tenant', { name: 'Acme' }, 'tenant.id', 'must be a non-empty string, got nothing'],
    ['trigger_workflow', 'tenant', { id: 'org_1', settings: 'dark' }, 'tenant.settings', 'must be an object, got string'],
    ['trigger_workflow', 'tenant', { id: 'org_1', name: 1 }, 'tenant.name', 'must be a string, got number'],
    ['trigger_workflow', 'tenant', { id: 'org_1', $tier: 1 }, 'tenant.$tier', "that does not start with '$'"],
    ['add_audience_members', 'tenant', 5, 'tenant', 'must be a non-empty string, got number'],
    ['remove_audience_members', 'tenant', { id: 'org_1' }, 'tenant', 'must be a non-empty string, got object'],
    // user ids
    ['add_audience_members', 'user_ids', 5, 'user_ids', 'must be a user id or an array of user ids, got number'],
    ['add_audience_members', 'user_ids', ['u_1', 5], 'user_ids[1]', 'must be a non-empty string, got number'],
    ['remove_audience_members', 'user_ids', [], 'user_ids', 'must be at least one user id, got an empty array'],
    ['remove_audience_members', 'user_ids', '', 'user_ids', 'got an empty string'],
    // booleans
    ['add_audience_members', 'create_audience', 'yes', 'create_audience', 'must be a boolean, got string'],
    // ids
    ['identify_user', 'id', 42, 'id', 'must be a non-empty string, got number'],
    ['delete_user', 'id', 42, 'id', 'must be a non-empty string, got number'],
    ['set_object', 'collection', '', 'collection', 'must be a non-empty string, got an empty string'],
    ['delete_object', 'id', ['p_1'], 'id', 'must be a non-empty string, got an array'],
    ['set_tenant', 'id', true, 'id', 'must be a non-empty string, got boolean'],
    ['delete_tenant', 'id', 1, 'id', 'must be a non-empty string, got number'],
    ['subscribe', 'object_id', { a: 1 }, 'object_id', 'must be a non-empty string, got object'],
    ['unsubscribe', 'collection', 3, 'collection', 'must be a non-empty string, got number'],
    ['add_audience_members', 'audience_key', 3, 'audience_key', 'must be a non-empty string, got number'],
    ['cancel_workflow', 'cancellation_key', 7, 'cancellation_key', 'must be a non-empty string, got number'],
    ['trigger_workflow', 'key', 1, 'key', 'must be a non-empty string, got number'],
    ['trigger_workflow', 'cancellation_key', '', 'cancellation_key', 'must be a non-empty string, got an empty string'],
    // strings
    ['identify_user', 'email', ['a@example.com'], 'email', 'must be a string, got an array'],
    ['set_object', 'name', 5, 'name', 'must be a string, got number'],
    ['set_tenant', 'name', false, 'name', 'must be a string, got boolean'],
    // objects and property names
    ['trigger_workflow', 'data', 'str', 'data', 'must be an object, got string'],
    ['trigger_workflow', 'data', [1], 'data', 'must be an object, got an array'],
    ['set_tenant', 'settings', 'dark', 'settings', 'must be an object, got string'],
    ['subscribe', 'properties', 'x', 'properties', 'must be an object, got string'],
    ['identify_user', 'properties', 'pro', 'properties', 'must be an object, got string'],
    ['set_object', 'properties', { $where: 1 }, 'properties.$where', "must be a name without '.' that does not start with '$'"],
    ['set_tenant', 'properties', { 'a.b': 1 }, 'properties.a.b', "must be a name without '.'"],
    ['subscribe', 'properties', { $role: 'x' }, 'properties.$role', "that does not start with '$'"],
    ['identify_user', 'properties.a.b', 1, 'properties.a.b', "must be a name without '.'"],
    ['set_object', '$where', 1, 'properties.$where', "that does not start with '$'"],
  ] as const)('%s skips %s = %j as type_mismatch of %s', (type, name, value, field, message) => {
    const { requests, skipped } = planWith(type, name, value);
    expect(skipped).toEqual([expect.objectContaining({ mappingId: 'm1', reason: 'type_mismatch', field, message: expect.stringContaining(message) })]);
    expect(skipped[0].message).toMatch(new RegExp(`^field "${field.replace(/[.$[\]]/g, '\\$&')}" must be `));
    expect(requests.map((r) => r.mappingId)).toEqual(['m2']);
  });

  const ids = (n: number) => Array.from({ length: n }, (_, i) => `u_${i}`);

  it.each([
    ['trigger_workflow', 'recipients', 1000, 'recipients'],
    ['cancel_workflow', 'recipients', 1000, 'recipients'],
    ['subscribe', 'recipients', 100, 'recipients'],
    ['unsubscribe', 'recipients', 100, 'recipients'],
    ['add_audience_members', 'user_ids', 1000, 'user ids'],
    ['remove_audience_members', 'user_ids', 1000, 'user ids'],
  ] as const)('%s takes at most %s: %i, and skips one more as limit_exceeded', (type, name, limit, noun) => {
    expect(builtParam(type, name, ids(limit))).toHaveLength(limit);
    const { requests, skipped } = planWith(type, name, ids(limit + 1));
    expect(skipped).toEqual([
      expect.objectContaining({ mappingId: 'm1', reason: 'limit_exceeded', field: name, message: `field "${name}" has ${limit + 1} ${noun}, more than the limit of ${limit}` }),
    ]);
    expect(requests.map((r) => r.mappingId)).toEqual(['m2']);
  });
});
