import type { MappingConfig } from '@inlet/contracts';
import { planActions } from './plan-actions';

const root = {
  body: { type: 'customer.created', data: { id: 'cus_1', email: 'ada@example.com', plan: 'pro', age: 36, tags: ['a'] } },
  headers: {},
};

function mapping(id: string, actionType: string, params: MappingConfig['params'], active = true): MappingConfig {
  return { kind: 'mapping', id, sourceEnvironmentId: 'env_1', eventType: 'customer.created', actionType, params, active };
}

const plan = (mappings: MappingConfig[]) => planActions({ eventId: 'evt_1', eventType: 'customer.created', root, mappings });

describe('planActions', () => {
  it('resolves identify user parameters from paths and literals, extra names becoming custom properties', () => {
    const { requests, skipped } = plan([
      mapping('m1', 'identify_user', { id: { path: 'data.id' }, email: { path: 'data.email' }, plan: { path: 'data.plan' }, source: { literal: 'webhook' } }),
    ]);
    expect(skipped).toEqual([]);
    expect(requests).toEqual([
      expect.objectContaining({
        actionId: 'evt_1:m1',
        position: 0,
        action: { type: 'identify_user', params: { id: 'cus_1', email: 'ada@example.com', properties: { plan: 'pro', source: 'webhook' } } },
      }),
    ]);
  });

  it('orders actions by the fixed execution order, not by mapping order', () => {
    const { requests, skipped } = plan([
      mapping('m-unknown', 'send_fax', {}),
      mapping('m-identify', 'identify_user', { id: { path: 'data.id' } }),
    ]);
    expect(requests.map((r) => r.mappingId)).toEqual(['m-identify']);
    expect(skipped).toEqual([expect.objectContaining({ mappingId: 'm-unknown', reason: 'unsupported_action' })]);
  });

  it.each([
    [{ email: { path: 'data.email' } }, 'missing_field', 'id', 'required field "id" is missing (not mapped)'],
    [{ id: { path: 'data.nope' } }, 'missing_field', 'id', 'path "data.nope" does not resolve'],
    [{ id: { path: 'data.age' } }, 'type_mismatch', 'id', 'must be a non-empty string, got number'],
    [{ id: { path: 'data.id' }, email: { path: 'data.tags' } }, 'type_mismatch', 'email', 'must be a string, got an array'],
    [{ id: { path: 'data.id' }, properties: { path: 'data.plan' } }, 'type_mismatch', 'properties', 'must be an object, got string'],
    [{ id: { path: 'data.id' }, properties: { literal: { 'a.b': 1 } } }, 'type_mismatch', 'properties.a.b', "without '.'"],
    [{ id: { path: 'data.id' }, properties: { literal: { $where: 1 } } }, 'type_mismatch', 'properties.$where', "start with '$'"],
  ])('skips %j as %s naming %s', (params, reason, field, message) => {
    const { requests, skipped } = plan([mapping('m1', 'identify_user', params), mapping('m2', 'identify_user', { id: { literal: 'u2' } })]);
    expect(skipped).toEqual([expect.objectContaining({ mappingId: 'm1', reason, field, message: expect.stringContaining(message) })]);
    expect(requests.map((r) => r.mappingId)).toEqual(['m2']);
  });

  it('skips an inactive mapping and says so', () => {
    const { requests, skipped } = plan([mapping('m1', 'identify_user', { id: { path: 'data.id' } }, false)]);
    expect(requests).toEqual([]);
    expect(skipped).toEqual([expect.objectContaining({ reason: 'inactive' })]);
  });
});
