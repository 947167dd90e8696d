import fc from 'fast-check';
import { ActionSchema, type ActionType, type MappingConfig } from '@inlet/contracts';
import type { PathRoot } from '@inlet/domain/paths';
import { ACTION_PARAMS } from './action-params';
import { ACTION_EXECUTION_ORDER, planActions } from './plan-actions';

const body = {
  type: 'ticket.assigned',
  ticket: { id: 'tkt_1', title: 'Printer on fire', priority: 2, watchers: ['u_2', 'u_3'] },
  assignee: { id: 'u_1', name: 'Ada', email: 'ada@example.com', plan: 'pro' },
  org: { id: 'org_1', name: 'Acme', settings: { branding: { color: 'red' } } },
  audience: 'beta',
  nothing: null,
};
const root: PathRoot = { body, headers: { 'x-request-id': 'req_1' } };

function mapping(id: string, actionType: ActionType, params: MappingConfig['params'], active = true): MappingConfig {
  return { kind: 'mapping', id, sourceEnvironmentId: 'env_1', eventType: 'ticket.assigned', actionType, params, active };
}

const plan = (mappings: MappingConfig[], on: PathRoot = root) => planActions({ eventId: 'evt_1', eventType: 'ticket.assigned', root: on, mappings });

/** One working mapping per action type, and the parameters it resolves to. */
const VALID: { [T in ActionType]: { params: MappingConfig['params']; resolved: Record<string, unknown> } } = {
  identify_user: {
    params: { id: { path: 'assignee.id' }, name: { path: 'assignee.name' }, email: { path: 'assignee.email' }, locale: { literal: 'en-GB' }, plan: { path: 'assignee.plan' } },
    resolved: { id: 'u_1', name: 'Ada', email: 'ada@example.com', locale: 'en-GB', properties: { plan: 'pro' } },
  },
  delete_user: { params: { id: { path: 'assignee.id' } }, resolved: { id: 'u_1' } },
  set_object: {
    params: { collection: { literal: 'tickets' }, id: { path: 'ticket.id' }, name: { path: 'ticket.title' }, priority: { path: 'ticket.priority' } },
    resolved: { collection: 'tickets', id: 'tkt_1', name: 'Printer on fire', properties: { priority: 2 } },
  },
  delete_object: { params: { collection: { literal: 'tickets' }, id: { path: 'ticket.id' } }, resolved: { collection: 'tickets', id: 'tkt_1' } },
  set_tenant: {
    params: { id: { path: 'org.id' }, name: { path: 'org.name' }, settings: { path: 'org.settings' }, 'settings.locale': { literal: 'fr' }, tier: { literal: 'gold' } },
    resolved: { id: 'org_1', name: 'Acme', settings: { branding: { color: 'red' }, locale: 'fr' }, properties: { tier: 'gold' } },
  },
  delete_tenant: { params: { id: { path: 'org.id' } }, resolved: { id: 'org_1' } },
  subscribe: {
    params: { collection: { literal: 'tickets' }, object_id: { path: 'ticket.id' }, recipients: { path: 'ticket.watchers' }, 'properties.role': { literal: 'watcher' } },
    resolved: { collection: 'tickets', object_id: 'tkt_1', recipients: [{ kind: 'user', id: 'u_2' }, { kind: 'user', id: 'u_3' }], properties: { role: 'watcher' } },
  },
  unsubscribe: {
    params: { collection: { literal: 'tickets' }, object_id: { path: 'ticket.id' }, recipients: { path: 'assignee.id' } },
    resolved: { collection: 'tickets', object_id: 'tkt_1', recipients: [{ kind: 'user', id: 'u_1' }] },
  },
  add_audience_members: {
    params: { audience_key: { path: 'audience' }, user_ids: { path: 'ticket.watchers' }, tenant: { path: 'org.id' }, create_audience: { literal: true } },
    resolved: { audience_key: 'beta', user_ids: ['u_2', 'u_3'], tenant: 'org_1', create_audience: true },
  },
  remove_audience_members: { params: { audience_key: { literal: 'beta' }, user_ids: { path: 'assignee.id' } }, resolved: { audience_key: 'beta', user_ids: ['u_1'] } },
  cancel_workflow: {
    params: { key: { literal: 'ticket-reminder' }, cancellation_key: { path: 'ticket.id' }, recipients: { path: 'assignee' } },
    resolved: {
      key: 'ticket-reminder',
      cancellation_key: 'tkt_1',
      recipients: [{ kind: 'user', id: 'u_1', profile: { name: 'Ada', email: 'ada@example.com', properties: { plan: 'pro' } } }],
    },
  },
  trigger_workflow: {
    params: {
      key: { literal: 'ticket-assigned' },
      recipients: { path: 'assignee.id' },
      actor: { literal: { id: 'q_1', collection: 'queues' } },
      data: { path: 'ticket' },
      'data.priority': { literal: 'high' },
      'data.request_id': { path: 'headers.x-request-id' },
      tenant: { path: 'org' },
      cancellation_key: { path: 'ticket.id' },
    },
    resolved: {
      key: 'ticket-assigned',
      recipients: [{ kind: 'user', id: 'u_1' }],
      actor: { kind: 'object', collection: 'queues', id: 'q_1' },
      data: { id: 'tkt_1', title: 'Printer on fire', priority: 'high', watchers: ['u_2', 'u_3'], request_id: 'req_1' },
      tenant: { id: 'org_1', profile: { name: 'Acme', settings: { branding: { color: 'red' } } } },
      cancellation_key: 'tkt_1',
    },
  },
};
const ALL_TYPES = Object.keys(VALID) as ActionType[];

describe('planActions', () => {
  it.each(ALL_TYPES)('resolves %s parameters from paths, literals, whole sub-objects and single fields', (type) => {
    const { requests, skipped } = plan([mapping('m1', type, VALID[type].params)]);
    expect(skipped).toEqual([]);
    expect(requests).toEqual([
      { actionId: 'evt_1:m1', mappingId: 'm1', position: 0, eventType: 'ticket.assigned', configured: VALID[type].params, action: { type, params: VALID[type].resolved } },
    ]);
    expect(ActionSchema.parse(requests[0].action)).toEqual(requests[0].action);
  });

  it.each([
    ['data', { data: { path: 'ticket' }, 'data.title': { literal: 'Overridden' } }, { id: 'tkt_1', title: 'Overridden', priority: 2, watchers: ['u_2', 'u_3'] }],
    ['data', { 'data.title': { literal: 'Only' }, 'data.missing': { path: 'nowhere' }, 'data.none': { path: 'nothing' } }, { title: 'Only' }],
    ['data', { data: { path: 'nothing' } }, undefined],
    ['data', { data: { literal: {} } }, undefined],
  ])('builds %s from the whole object, then single fields, leaving out absent ones: %j', (name, extra, expected) => {
    const params = { key: { literal: 'k' }, recipients: { literal: 'u_1' }, ...extra };
    const { requests } = plan([mapping('m1', 'trigger_workflow', params)]);
    expect(requests[0].action.params).toEqual(expected === undefined ? { key: 'k', recipients: [{ kind: 'user', id: 'u_1' }] } : expect.objectContaining({ [name]: expected }));
  });

  it.each([
    ['properties object first, single fields and custom names override it', { properties: { literal: { plan: 'free', seats: 3 } }, 'properties.plan': { literal: 'team' }, region: { literal: 'eu' } }, { plan: 'team', seats: 3, region: 'eu' }],
    ['a custom name of a whole sub-object keeps it whole', { org: { path: 'org.settings' } }, { org: { branding: { color: 'red' } } }],
  ])('identify user: %s', (_, extra, properties) => {
    const { requests } = plan([mapping('m1', 'identify_user', { id: { literal: 'u_1' }, ...extra })]);
    expect(requests[0].action.params).toEqual({ id: 'u_1', properties });
  });

  it('keeps a payload key named __proto__ as a plain field, never as a prototype', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
    const { requests } = plan([mapping('m1', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, data: { path: 'data' } })], { body: { data }, headers: {} });
    const built = (requests[0].action.params as { data: Record<string, unknown> }).data;
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.keys(built)).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores a parameter name the action does not take (refused when the mapping is created)', () => {
    const { requests, skipped } = plan([mapping('m1', 'delete_user', { id: { literal: 'u_1' }, email: { literal: 'x@example.com' } })]);
    expect(skipped).toEqual([]);
    expect(requests[0].action).toEqual({ type: 'delete_user', params: { id: 'u_1' } });
  });

  it('runs all twelve action types in the fixed execution order, not in mapping order', () => {
    const mappings = [...ALL_TYPES].reverse().map((type) => mapping(`m-${type}`, type, VALID[type].params));
    const { requests, skipped } = plan(mappings);
    expect(skipped).toEqual([]);
    expect(requests.map((r) => [r.action.type, r.position])).toEqual(ACTION_EXECUTION_ORDER.map((type, i) => [type, i]));
  });

  const requiredParams = ALL_TYPES.flatMap((type) => ACTION_PARAMS[type].filter((p) => p.required).map((p) => [type, p.name] as const));

  it.each(requiredParams)('skips %s without its required %s as missing_field, other mappings still running', (type, name) => {
    const params = Object.fromEntries(Object.entries(VALID[type].params).filter(([key]) => key !== name));
    const other = type === 'delete_user' ? 'delete_tenant' : 'delete_user';
    const { requests, skipped } = plan([mapping('m1', type, params), mapping('m2', other, VALID[other].params)]);
    expect(skipped).toEqual([{ mappingId: 'm1', actionType: type, configured: params, reason: 'missing_field', field: name, message: `required field "${name}" is missing (not mapped)` }]);
    expect(requests.map((r) => r.mappingId)).toEqual(['m2']);
  });

  it.each([
    [{ path: 'assignee.nope' }, 'required field "id" is missing (path "assignee.nope" does not resolve)'],
    [{ path: 'nothing' }, 'required field "id" is missing (path "nothing" is null)'],
    [{ literal: null }, 'required field "id" is missing (literal is null)'],
  ])('says why a required parameter is absent: %j', (source, message) => {
    const { skipped } = plan([mapping('m1', 'delete_user', { id: source })]);
    expect(skipped).toEqual([expect.objectContaining({ reason: 'missing_field', field: 'id', message })]);
  });

  it('skips an inactive mapping and says so', () => {
    const { requests, skipped } = plan([mapping('m1', 'identify_user', VALID.identify_user.params, false)]);
    expect(requests).toEqual([]);
    expect(skipped).toEqual([expect.objectContaining({ mappingId: 'm1', reason: 'inactive', message: 'mapping is inactive' })]);
  });

  it('never throws on random payloads and parameters, and every planned action parses with ActionSchema', () => {
    // Weighted towards values some parameter accepts, so that many random mappings do build an action.
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      { arbitrary: fc.string({ maxLength: 4 }), weight: 4 },
      fc.boolean(),
      fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.record({ id: fc.string({ maxLength: 3 }), collection: fc.string({ maxLength: 3 }) })), { maxLength: 4 }),
      fc.record({ id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), name: fc.oneof(fc.string(), fc.constant(null)), settings: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['id'] }),
      fc.dictionary(fc.constantFrom('id', 'a', '$b', 'c.d', '__proto__', 'email', 'collection'), fc.jsonValue({ maxDepth: 2 })),
    );
    const randomBody = fc.dictionary(fc.constantFrom('a', 'b', 'c'), anyValue);
    const source = fc.oneof(fc.record({ path: fc.constantFrom('a', 'b', 'c', 'a.id', 'b.0', 'headers.x-id', 'nowhere') }), fc.record({ literal: anyValue }));
    // Required parameters always mapped (though paths may not resolve), so most mappings get as far as the type checks.
    const paramsFor = (type: ActionType) =>
      fc.tuple(
        fc.record(Object.fromEntries(ACTION_PARAMS[type].filter((p) => p.required).map((p) => [p.name, source]))),
        fc.dictionary(fc.constantFrom(...ACTION_PARAMS[type].map((p) => p.name), 'data.x', 'properties.y', 'settings.z', 'custom', '$bad', 'a.b'), source, { maxKeys: 3 }),
      ).map(([requiredParams, extra]) => ({ ...extra, ...requiredParams }));
    const mappingsArb = fc.array(
      fc.constantFrom(...ALL_TYPES).chain((type) => paramsFor(type).map((params) => ({ type, params }))),
      { maxLength: 6 },
    );
    let planned = 0;
    fc.assert(
      fc.property(randomBody, mappingsArb, (randomRoot, specs) => {
        const mappings = specs.map((s, i) => mapping(`m${i}`, s.type, s.params));
        const { requests, skipped } = plan(mappings, { body: randomRoot, headers: { 'x-id': 'h_1' } });
        planned += requests.length;
        expect(requests.length + skipped.length).toBe(mappings.length);
        for (const r of requests) expect(ActionSchema.safeParse(r.action).success).toBe(true);
        for (const s of skipped) expect(['missing_field', 'type_mismatch', 'limit_exceeded']).toContain(s.reason);
      }),
      { numRuns: 1500 },
    );
    // The property is only worth something if random inputs do produce actions.
    expect(planned).toBeGreaterThan(200);
  });
});
