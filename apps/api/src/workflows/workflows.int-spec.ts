import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { MappingSchema } from '../mappings/mappings.schema';
import { SourceSchema } from '../sources/sources.schema';
import { TriggerSchema, WorkflowSchema } from './workflows.schema';

jest.setTimeout(60_000);

describe('workflows and triggers api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-workflows');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'segment', name: 'Segment', type: 'legacy_http' }, 201);
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'custom', name: 'Custom' }, 201);
  });
  afterAll(() => api?.stop());

  it('registers a workflow, sets it inactive in one environment, and refuses its key twice', async () => {
    const created = await api.ok(WorkflowSchema, 'POST', '/v1/workflows', { key: 'welcome', name: 'Welcome' }, 201);
    expect(created.status).toEqual({ development: 'active', production: 'active' });
    const updated = await api.ok(WorkflowSchema, 'PATCH', '/v1/workflows/welcome', { status: { production: 'inactive' }, version: 1 });
    expect(updated).toMatchObject({ status: { development: 'active', production: 'inactive' }, version: 2 });
    expect((await api.ok(entriesOf(WorkflowSchema), 'GET', '/v1/workflows')).entries.map((w) => w.key)).toEqual(['welcome']);
    await api.ok(WorkflowSchema, 'GET', '/v1/workflows/welcome');
    await api.fails('POST', '/v1/workflows', { key: 'welcome', name: 'Again' }, 409, 'workflow_exists');
    await api.fails('PATCH', '/v1/workflows/welcome', { name: 'Stale', version: 1 }, 409, 'conflict');
    await api.fails('PATCH', '/v1/workflows/welcome', { status: { nowhere: 'inactive' } }, 400, 'invalid_request', 'nowhere');
    await api.fails('GET', '/v1/workflows/nope', undefined, 404, 'workflow_not_found');
  });

  it("attaches a legacy source's event as a trigger, run as one mapping per environment, and toggles it in one", async () => {
    await api.ok(WorkflowSchema, 'POST', '/v1/workflows', { key: 'order-placed', name: 'Order placed' }, 201);
    const trigger = await api.ok(TriggerSchema, 'POST', '/v1/workflows/order-placed/triggers', { source: 'segment', event: 'Order Placed' }, 201);
    const mappings = await api.ok(entriesOf(MappingSchema), 'GET', '/v1/sources/segment/environments/development/mappings');
    expect(mappings.entries).toEqual([expect.objectContaining({ trigger_id: trigger.id, action_type: 'trigger_workflow', active: true })]);
    const toggled = await api.ok(TriggerSchema, 'PATCH', `/v1/workflows/order-placed/triggers/${trigger.id}`, { status: { development: 'inactive' } });
    expect(toggled.status).toEqual({ development: 'inactive', production: 'active' });
    await api.fails('PATCH', `/v1/sources/segment/environments/development/mappings/${mappings.entries[0].id}`, { active: true }, 409, 'managed_by_trigger');
    expect((await api.ok(entriesOf(TriggerSchema), 'GET', '/v1/workflows/order-placed/triggers')).entries).toHaveLength(1);
    await api.ok(TriggerSchema, 'GET', `/v1/workflows/order-placed/triggers/${trigger.id}`);
    expect((await api.call('DELETE', `/v1/workflows/order-placed/triggers/${trigger.id}`)).status).toBe(204);
    await api.fails('GET', `/v1/workflows/order-placed/triggers/${trigger.id}`, undefined, 404, 'trigger_not_found');
  });

  it('refuses a trigger on a custom source and a malformed mapping path, naming the field', async () => {
    await api.ok(WorkflowSchema, 'POST', '/v1/workflows', { key: 'refused', name: 'Refused' }, 201);
    await api.fails('POST', '/v1/workflows/refused/triggers', { source: 'custom', event: 'X' }, 400, 'invalid_request', 'source');
    await api.fails('POST', '/v1/workflows/refused/triggers', { source: 'segment', event: 'X', mapping: { recipients: 'a..b' } }, 400, 'invalid_request', 'mapping.recipients');
    await api.fails('POST', '/v1/workflows/nope/triggers', { source: 'segment', event: 'X' }, 404, 'workflow_not_found');
  });
});
