import fc from 'fast-check';
import { ACTION_LIMITS, ActionTypeSchema, type ActionType, type MappingConfig, type ParamSource } from '@inlet/contracts';
import type { PathRoot } from '@inlet/domain/paths';
import { ACTION_PARAMS, type ActionParam } from './action-params';
import { checkParamsAgainstSample, type SampleParamCheck } from './check-params-against-sample';
import { planActions } from './plan-actions';

const sample: PathRoot = {
  body: {
    ticket: { id: 'tkt_1', title: 'Printer on fire', priority: 2, watchers: ['u_2', 'u_3'], empty: {} },
    assignee: { id: 'u_1', name: 'Ada', age: 36 },
    many: Array.from({ length: ACTION_LIMITS.recipients + 1 }, (_, i) => `u_${i}`),
    members: Array.from({ length: ACTION_LIMITS.audienceMembers + 1 }, (_, i) => `u_${i}`),
    nothing: null,
  },
  headers: { 'x-request-id': 'req_1' },
};

const check = (actionType: ActionType, params: MappingConfig['params']) => checkParamsAgainstSample(actionType, params, sample);
const entry = (checks: SampleParamCheck[], name: string) => checks.find((c) => c.name === name);

/** A source that resolves against the sample for each kind a required parameter can be. */
const WORKING: Partial<Record<ActionParam['kind'], ParamSource>> = { id: { path: 'ticket.id' }, recipients: { path: 'ticket.watchers' }, user_ids: { path: 'assignee.id' } };
const requiredOf = (type: ActionType) => ACTION_PARAMS[type].filter((p) => p.required);
const working = (type: ActionType): MappingConfig['params'] => Object.fromEntries(requiredOf(type).map((p) => [p.name, WORKING[p.kind] as ParamSource]));

describe('checkParamsAgainstSample', () => {
  it.each(ActionTypeSchema.options)('answers %s for every parameter it takes, mapped or not, in the table order', (type) => {
    const checks = check(type, working(type));
    expect(checks.map((c) => [c.name, c.required])).toEqual(ACTION_PARAMS[type].map((p) => [p.name, p.required]));
    for (const c of checks) expect(c.ok).toBe(true);
    for (const c of checks.filter((c) => !c.required)) expect(c).toMatchObject({ ok: true, omitted: true, message: `optional field "${c.name}" is left out (not mapped)` });
  });

  const requiredParams = ActionTypeSchema.options.flatMap((type) => requiredOf(type).map((p) => [type, p.name] as const));

  it.each(requiredParams)('%s without its required %s: missing_field, in the words the skip uses', (type, name) => {
    const params = Object.fromEntries(Object.entries(working(type)).filter(([key]) => key !== name));
    const checks = check(type, params);
    expect(entry(checks, name)).toEqual({
      name,
      param: name,
      kind: expect.any(String),
      required: true,
      ok: false,
      reason: 'missing_field',
      field: name,
      message: `required field "${name}" is missing (not mapped)`,
    });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([name]);
  });

  it.each<[string, ActionType, MappingConfig['params'], string, Partial<SampleParamCheck>]>([
    ['an id', 'delete_user', { id: { path: 'ticket.id' } }, 'id', { ok: true, value: 'tkt_1' }],
    ['a header', 'delete_user', { id: { path: 'headers.X-Request-Id' } }, 'id', { ok: true, value: 'req_1' }],
    ['recipients in the action shape', 'subscribe', { collection: { literal: 'tickets' }, object_id: { path: 'ticket.id' }, recipients: { path: 'ticket.watchers' } }, 'recipients', { ok: true, value: [{ kind: 'user', id: 'u_2' }, { kind: 'user', id: 'u_3' }] }],
    ['a user id as a list', 'add_audience_members', { audience_key: { literal: 'beta' }, user_ids: { path: 'assignee.id' } }, 'user_ids', { ok: true, value: ['u_1'] }],
    ['an object with its single fields merged', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, data: { path: 'assignee' }, 'data.priority': { literal: 'high' } }, 'data', { ok: true, value: { id: 'u_1', name: 'Ada', age: 36, priority: 'high' } }],
    ['custom properties gathered', 'identify_user', { id: { literal: 'u_1' }, plan: { literal: 'pro' }, 'properties.seats': { path: 'ticket.priority' } }, 'properties', { ok: true, value: { plan: 'pro', seats: 2 } }],
    ['a single field', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, 'data.title': { path: 'ticket.title' } }, 'data.title', { ok: true, value: 'Printer on fire', param: 'data', required: false }],
    ['a custom property', 'identify_user', { id: { literal: 'u_1' }, plan: { literal: 'pro' } }, 'plan', { ok: true, value: 'pro', param: 'properties' }],
  ])('resolves %s', (_, type, params, name, expected) => {
    const found = entry(check(type, params), name);
    expect(found).toMatchObject(expected);
    expect(found?.configured).toEqual(params[name]);
  });

  it.each<[string, ActionType, MappingConfig['params'], string, Partial<SampleParamCheck>]>([
    ['missing_field: a path that does not resolve', 'delete_user', { id: { path: 'assignee.nope' } }, 'id', { reason: 'missing_field', field: 'id', message: 'required field "id" is missing (path "assignee.nope" does not resolve)' }],
    ['missing_field: a null path', 'delete_user', { id: { path: 'nothing' } }, 'id', { reason: 'missing_field', field: 'id', message: 'required field "id" is missing (path "nothing" is null)' }],
    ['missing_field: a null literal', 'delete_user', { id: { literal: null } }, 'id', { reason: 'missing_field', field: 'id', message: 'required field "id" is missing (literal is null)' }],
    ['type_mismatch: a number for an id', 'delete_user', { id: { path: 'ticket.priority' } }, 'id', { reason: 'type_mismatch', field: 'id', message: 'field "id" must be a non-empty string, got number' }],
    ['type_mismatch: a string for a boolean', 'add_audience_members', { audience_key: { literal: 'a' }, user_ids: { literal: 'u_1' }, create_audience: { literal: 'yes' } }, 'create_audience', { reason: 'type_mismatch', field: 'create_audience', message: 'field "create_audience" must be a boolean, got string' }],
    ['type_mismatch: one bad recipient, named by index', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: ['u_1', 7] } }, 'recipients', { reason: 'type_mismatch', field: 'recipients[1]' }],
    ['type_mismatch: a string for an object', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, data: { path: 'ticket.title' } }, 'data', { reason: 'type_mismatch', field: 'data', message: 'field "data" must be an object, got string' }],
    ['type_mismatch: a property name with $', 'identify_user', { id: { literal: 'u_1' }, properties: { literal: { $set: 1 } } }, 'properties', { reason: 'type_mismatch', field: 'properties.$set' }],
    [
      'limit_exceeded: too many recipients',
      'trigger_workflow',
      { key: { literal: 'k' }, recipients: { path: 'many' } },
      'recipients',
      { reason: 'limit_exceeded', field: 'recipients', message: `field "recipients" has ${ACTION_LIMITS.recipients + 1} recipients, more than the limit of ${ACTION_LIMITS.recipients}` },
    ],
    [
      'limit_exceeded: too many user ids',
      'add_audience_members',
      { audience_key: { literal: 'a' }, user_ids: { path: 'members' } },
      'user_ids',
      { reason: 'limit_exceeded', field: 'user_ids', message: `field "user_ids" has ${ACTION_LIMITS.audienceMembers + 1} user ids, more than the limit of ${ACTION_LIMITS.audienceMembers}` },
    ],
    ['invalid_path: an empty segment', 'delete_user', { id: { path: 'assignee..id' } }, 'id', { reason: 'invalid_path', field: 'id', message: 'path "assignee..id" has an empty segment' }],
    ['invalid_path: on a single field', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, 'data.x': { path: 'headers' } }, 'data.x', { reason: 'invalid_path', message: 'path "headers" needs a name after "headers."' }],
    ['unknown_parameter: a name the action does not take', 'delete_user', { id: { literal: 'u_1' }, email: { literal: 'a@b.c' } }, 'email', { reason: 'unknown_parameter', field: 'email', message: 'action "delete_user" takes no parameter "email" (it takes id)' }],
    ['unknown_parameter: an object field without a name', 'trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, 'data.': { literal: 1 } }, 'data.', { reason: 'unknown_parameter', message: 'parameter "data." names no field of "data"' }],
    ['type_mismatch: a custom property name starting with $', 'identify_user', { id: { literal: 'u_1' }, $plan: { literal: 'pro' } }, '$plan', { reason: 'type_mismatch', field: 'properties.$plan' }],
  ])('%s', (_, type, params, name, expected) => {
    expect(entry(check(type, params), name)).toMatchObject({ ...expected, ok: false, configured: params[name] });
  });

  it.each<[string, MappingConfig['params'], string, string]>([
    ['not mapped', {}, 'actor', 'optional field "actor" is left out (not mapped)'],
    ['a path that does not resolve', { actor: { path: 'nobody' } }, 'actor', 'optional field "actor" is left out (path "nobody" does not resolve)'],
    ['a null path', { cancellation_key: { path: 'nothing' } }, 'cancellation_key', 'optional field "cancellation_key" is left out (path "nothing" is null)'],
    ['an empty object', { data: { path: 'ticket.empty' } }, 'data', 'optional field "data" is left out (it is an empty object)'],
    ['fields that do not resolve', { 'data.a': { path: 'nowhere' } }, 'data', 'optional field "data" is left out (none of its fields resolves)'],
    ['neither the object nor its fields', { data: { path: 'nowhere' }, 'data.a': { path: 'nothing' } }, 'data', 'optional field "data" is left out (path "nowhere" does not resolve, nor do any of its fields)'],
    ['a single field that does not resolve', { 'data.a': { path: 'nowhere' } }, 'data.a', 'optional field "data.a" is left out (path "nowhere" does not resolve)'],
  ])('leaves out an optional parameter and says why: %s', (_, extra, name, message) => {
    const checks = check('trigger_workflow', { key: { literal: 'k' }, recipients: { literal: 'u_1' }, ...extra });
    expect(entry(checks, name)).toMatchObject({ ok: true, omitted: true, message });
  });

  it("agrees with planning: the first failure among the action's parameters is the skip the pipeline logs", () => {
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 3 }), fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }));
    const source = fc.oneof(fc.record({ path: fc.constantFrom('a', 'b', 'a.id', 'b.0', 'headers.x-id', 'nowhere') }), fc.record({ literal: anyValue }));
    const body = fc.dictionary(fc.constantFrom('a', 'b'), anyValue);
    const spec = fc.constantFrom(...ActionTypeSchema.options).chain((type) =>
      fc.dictionary(fc.constantFrom(...ACTION_PARAMS[type].map((p) => p.name), 'data.x', 'properties.y', 'custom'), source, { maxKeys: 5 }).map((params) => ({ type, params })),
    );
    fc.assert(
      fc.property(body, spec, (randomBody, { type, params }) => {
        const root = { body: randomBody, headers: { 'x-id': 'h_1' } };
        const mapping: MappingConfig = { kind: 'mapping', id: 'm1', sourceEnvironmentId: 'env_1', eventType: 't', actionType: type, params, active: true };
        const plan = planActions({ eventId: 'evt_1', eventType: 't', root, mappings: [mapping] });
        const ownFailure = checkParamsAgainstSample(type, params, root)
          .slice(0, ACTION_PARAMS[type].length)
          .find((c) => !c.ok);
        if (plan.skipped.length === 0) return expect(ownFailure).toBeUndefined();
        const { reason, field, message } = plan.skipped[0];
        expect(ownFailure).toMatchObject({ reason, field, message });
      }),
      { numRuns: 500 },
    );
  });
});
