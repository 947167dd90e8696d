import { ActionSchema, type MappingConfig } from '@inlet/contracts';
import { planActions } from './plan-actions';
import { checkTriggerMapping, eventPathOf, triggerParams, type TriggerSchemaMapping } from './trigger-params';

describe('eventPathOf', () => {
  it.each([
    ['data', 'properties'],
    ['data.plan', 'properties.plan'],
    ['data.items.0.sku', 'properties.items.0.sku'],
    ['userId', 'userId'],
    ['context.traits.email', 'context.traits.email'],
    ['database', 'database'],
  ])('%s → %s', (path, expected) => {
    expect(eventPathOf(path)).toBe(expected);
  });
});

describe('triggerParams', () => {
  it.each<[string, TriggerSchemaMapping, MappingConfig['params']]>([
    ['the defaults', {}, { key: { literal: 'welcome' }, recipients: { path: 'userId' }, data: { path: 'properties' } }],
    [
      'mapped recipients, actor and tenant',
      { recipients: 'data.owner_ids', actor: 'userId', tenant: 'context.groupId' },
      { key: { literal: 'welcome' }, recipients: { path: 'properties.owner_ids' }, actor: { path: 'userId' }, tenant: { path: 'context.groupId' }, data: { path: 'properties' } },
    ],
    [
      'data fields instead of all properties',
      { data: { plan: 'data.plan', email: 'context.traits.email' } },
      { key: { literal: 'welcome' }, recipients: { path: 'userId' }, 'data.plan': { path: 'properties.plan' }, 'data.email': { path: 'context.traits.email' } },
    ],
  ])('%s', (_case, mapping, expected) => {
    expect(triggerParams('welcome', mapping)).toEqual(expected);
  });

  it('plans a trigger workflow action from a Segment track event', () => {
    const mapping: MappingConfig = { kind: 'mapping', id: 'trg_1.development', triggerId: 'trg_1', sourceEnvironmentId: 'app.development', eventType: 'Signed Up', actionType: 'trigger_workflow', params: triggerParams('welcome', {}), active: true };
    const event = { type: 'track', event: 'Signed Up', userId: 'u1', properties: { plan: 'pro' } };
    const plan = planActions({ eventId: 'e1', eventType: 'Signed Up', root: { body: event, headers: {} }, mappings: [mapping] });
    expect(plan.skipped).toEqual([]);
    expect(ActionSchema.parse(plan.requests[0].action)).toEqual({ type: 'trigger_workflow', params: { key: 'welcome', recipients: [{ kind: 'user', id: 'u1' }], data: { plan: 'pro' } } });
  });
});

describe('checkTriggerMapping', () => {
  it.each<[string, TriggerSchemaMapping, string]>([
    ['a malformed recipients path', { recipients: 'data..x' }, 'recipients'],
    ['a malformed data path', { data: { plan: 'data.' } }, 'data.plan'],
    ['a data field with a dot', { data: { 'a.b': 'data.x' } }, 'data.a.b'],
  ])('refuses %s, naming %s', (_case, mapping, field) => {
    expect(checkTriggerMapping(mapping)).toEqual({ ok: false, field, message: expect.any(String) });
  });

  it('accepts the defaults and well-formed paths', () => {
    expect(checkTriggerMapping({})).toEqual({ ok: true });
    expect(checkTriggerMapping({ recipients: 'data.users', actor: 'userId', data: { plan: 'data.plan' } })).toEqual({ ok: true });
  });
});
