import { knownEventTypeId, knownEventTypeModel } from '@inlet/store/source-logs';
import { ApiTestApp } from '../shared/api-test-app';
import { entriesOf } from '../shared/response-fields.schema';
import { SourceSchema } from '../sources/sources.schema';
import { DryRunSchema, MappingCheckSchema } from './mapping-checks.schema';
import { MappingSchema, MappingWithWarningsSchema } from './mappings.schema';

jest.setTimeout(60_000);

describe('mappings api', () => {
  let api: ApiTestApp;
  const base = '/v1/sources/tasks/environments/development/mappings';
  const assigned = {
    event_type: 'task.assigned',
    action_type: 'trigger_workflow',
    params: { key: { literal: 'task-assigned' }, recipients: { path: 'data.assignee' } },
  };

  beforeAll(async () => {
    api = await ApiTestApp.start('api-mappings');
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
  });
  afterAll(() => api?.stop());

  it('creates a mapping with a warning for an event type never received, then reads, updates, toggles and deletes it', async () => {
    const created = await api.ok(MappingWithWarningsSchema, 'POST', base, assigned, 201);
    expect(created).toMatchObject({ event_type: 'task.assigned', active: true, version: 1, warnings: [{ code: 'event_type_not_seen' }] });
    expect((await api.ok(entriesOf(MappingSchema), 'GET', `${base}?event_type=task.assigned`)).entries.map((m) => m.id)).toEqual([created.id]);
    await api.ok(MappingSchema, 'GET', `${base}/${created.id}`);
    const updated = await api.ok(MappingWithWarningsSchema, 'PATCH', `${base}/${created.id}`, { params: { ...assigned.params, actor: { path: 'data.by' } }, version: 1 });
    expect(updated.version).toBe(2);
    expect(await api.ok(MappingSchema, 'POST', `${base}/${created.id}/deactivate`)).toMatchObject({ active: false });
    expect(await api.ok(MappingSchema, 'POST', `${base}/${created.id}/activate`)).toMatchObject({ active: true });
    const copies = await api.ok(entriesOf(MappingSchema), 'POST', `${base}/copy`, { to_environment: 'production' });
    expect(copies.entries).toEqual([expect.objectContaining({ environment: 'production', event_type: 'task.assigned' })]);
    expect((await api.call('DELETE', `${base}/${created.id}`)).status).toBe(204);
    await api.fails('GET', `${base}/${created.id}`, undefined, 404, 'mapping_not_found');
  });

  it('refuses parameters the action does not take, a malformed path, and a required one not mapped, naming each', async () => {
    await api.fails('POST', base, { ...assigned, params: { ...assigned.params, colour: { literal: 'red' } } }, 400, 'invalid_request', 'colour');
    await api.fails('POST', base, { ...assigned, params: { ...assigned.params, recipients: { path: 'data..x' } } }, 400, 'invalid_request', 'params.recipients');
    await api.fails('POST', base, { ...assigned, params: { recipients: { path: 'data.assignee' } } }, 400, 'invalid_request', 'key');
    await api.fails('POST', base, { ...assigned, action_type: 'send_fax' }, 400, 'invalid_request', 'action_type');
    await api.fails('GET', `${base}?colour=red`, undefined, 400, 'invalid_request', 'colour');
  });

  it('answers 409 conflict to a stale version and 404 outside a source environment', async () => {
    const created = await api.ok(MappingWithWarningsSchema, 'POST', base, assigned, 201);
    await api.ok(MappingWithWarningsSchema, 'PATCH', `${base}/${created.id}`, { active: false, version: 1 });
    await api.fails('PATCH', `${base}/${created.id}`, { active: true, version: 1 }, 409, 'conflict');
    await api.fails('GET', '/v1/sources/tasks/environments/nowhere/mappings', undefined, 404, 'environment_not_found');
    await api.fails('POST', '/v1/sources/none/environments/development/mappings', assigned, 404, 'source_not_found');
  });

  describe('checks against a sample', () => {
    const plans = '/v1/sources/plans/environments/development';
    const at = new Date(Date.UTC(2026, 0, 3));

    beforeAll(async () => {
      await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'plans', name: 'Plans' }, 201);
      await knownEventTypeModel(api.connection).create({
        _id: knownEventTypeId('plans.development', 'task.assigned'),
        sourceEnvironmentId: 'plans.development',
        eventType: 'task.assigned',
        firstSeenAt: at,
        lastSeenAt: at,
        count: 1,
        sample: { data: { assignee: 'u_1', title: 'Fix the printer' } },
        samples: [{ eventId: 'evt_s1', receivedAt: at, body: { data: { assignee: 'u_1', title: 'Fix the printer' } }, headers: { 'x-team': 'ops' } }],
      });
    });

    it('answers per parameter the resolved value, an optional one left out, or why it does not resolve', async () => {
      const check = await api.ok(MappingCheckSchema, 'POST', `${plans}/mappings/check`, {
        action_type: 'trigger_workflow',
        params: { ...assigned.params, 'data.title': { path: 'data.title' }, actor: { path: 'data.by' }, cancellation_key: { path: 'data..x' } },
        sample: { event_id: 'evt_s1' },
      });
      const byName = Object.fromEntries(check.params.map((p) => [p.name, p]));
      expect(byName.key).toMatchObject({ status: 'resolved', ok: true, value: 'task-assigned', required: true });
      expect(byName.recipients).toMatchObject({ status: 'resolved', ok: true, configured: { path: 'data.assignee' } });
      expect(JSON.stringify(byName.recipients)).toContain('u_1');
      expect(byName.actor).toMatchObject({ status: 'omitted', ok: true, required: false });
      expect(byName['data.title']).toMatchObject({ status: 'resolved', param: 'data', value: 'Fix the printer' });
      expect(byName.cancellation_key).toMatchObject({ status: 'unresolved', ok: false, reason: 'invalid_path' });
      expect(check.skip).toMatchObject({ param: 'cancellation_key', reason: 'invalid_path' });

      const wrong = await api.ok(MappingCheckSchema, 'POST', `${plans}/mappings/check`, { action_type: 'trigger_workflow', params: { ...assigned.params, recipients: { path: 'data.assigne' } }, sample: { event_id: 'evt_s1' } });
      expect(wrong.params.find((p) => p.name === 'recipients')).toMatchObject({ status: 'unresolved', reason: 'missing_field', field: 'recipients' });
      expect(wrong.skip).toMatchObject({ param: 'recipients', reason: 'missing_field' });
    });

    it('checks against a payload given inline, headers by any case', async () => {
      const check = await api.ok(MappingCheckSchema, 'POST', `${plans}/mappings/check`, {
        action_type: 'identify_user',
        params: { id: { path: 'headers.x-user' }, email: { path: 'data.email' } },
        sample: { body: { data: { email: 'ada@example.com' } }, headers: { 'X-User': 'u_9' } },
      });
      expect(check.skip).toBeNull();
      expect(check.params[0]).toMatchObject({ name: 'id', status: 'resolved', value: 'u_9' });
      expect(check.params.find((p) => p.name === 'email')).toMatchObject({ status: 'resolved', value: 'ada@example.com' });
    });

    it('refuses an unknown action type, malformed params or sample with 400 naming the field, and an unknown sample with 404', async () => {
      const body = { action_type: 'trigger_workflow', params: assigned.params, sample: { event_id: 'evt_s1' } };
      await api.fails('POST', `${plans}/mappings/check`, { ...body, action_type: 'send_fax' }, 400, 'invalid_request', 'action_type');
      await api.fails('POST', `${plans}/mappings/check`, { ...body, params: { key: 'task-assigned' } }, 400, 'invalid_request', 'params.key');
      await api.fails('POST', `${plans}/mappings/check`, { ...body, sample: { id: 'evt_s1' } }, 400, 'invalid_request', 'sample');
      await api.fails('POST', `${plans}/mappings/check`, { ...body, sample: { event_id: 'evt_gone' } }, 404, 'sample_not_found', 'evt_gone');
      await api.fails('POST', `${plans}/dry-run`, { event_type: 'task.assigned', sample: { event_id: 'evt_gone' } }, 404, 'sample_not_found');
      await api.fails('POST', `${plans}/dry-run`, { sample: { event_id: 'evt_s1' } }, 400, 'invalid_request', 'event_type');
      await api.fails('POST', '/v1/sources/none/environments/development/dry-run', { event_type: 'task.assigned', sample: { event_id: 'evt_s1' } }, 404, 'source_not_found');
      await api.fails('POST', '/v1/sources/plans/environments/nowhere/mappings/check', body, 404, 'environment_not_found');
    });

    it("dry-runs the event's stored mappings: what would run in order with its payload, what would be skipped and why", async () => {
      const workflow = await api.ok(MappingWithWarningsSchema, 'POST', `${plans}/mappings`, assigned, 201);
      const identify = await api.ok(MappingWithWarningsSchema, 'POST', `${plans}/mappings`, { event_type: 'task.assigned', action_type: 'identify_user', params: { id: { path: 'data.assignee' } } }, 201);
      const inactive = await api.ok(MappingWithWarningsSchema, 'POST', `${plans}/mappings`, { ...assigned, active: false }, 201);
      const broken = await api.ok(MappingWithWarningsSchema, 'POST', `${plans}/mappings`, { event_type: 'task.assigned', action_type: 'delete_user', params: { id: { path: 'data.nobody' } } }, 201);
      await api.ok(MappingWithWarningsSchema, 'POST', `${plans}/mappings`, { ...assigned, event_type: 'task.closed' }, 201);

      const plan = await api.ok(DryRunSchema, 'POST', `${plans}/dry-run`, { event_type: 'task.assigned', sample: { event_id: 'evt_s1' } });
      expect(plan.event_id).toBe('evt_s1');
      expect(plan.planned.map((p) => [p.action_type, p.mapping_id, p.action_id, p.position])).toEqual([
        ['identify_user', identify.id, `evt_s1:${identify.id}`, 0],
        ['trigger_workflow', workflow.id, `evt_s1:${workflow.id}`, 1],
      ]);
      expect(plan.planned[0]?.resolved).toEqual({ id: 'u_1' });
      expect(plan.skipped).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ mapping_id: inactive.id, reason: 'inactive' }),
          expect.objectContaining({ mapping_id: broken.id, reason: 'missing_field', field: 'id' }),
        ]),
      );
      expect(plan.skipped).toHaveLength(2);

      const inline = await api.ok(DryRunSchema, 'POST', `${plans}/dry-run`, { event_type: 'task.assigned', sample: { body: { data: {} } } });
      expect(inline).toMatchObject({ event_id: null, planned: [] });
      expect(inline.skipped.map((s) => s.reason).sort()).toEqual(['inactive', 'missing_field', 'missing_field', 'missing_field']);
      expect((await api.ok(DryRunSchema, 'POST', `${plans}/dry-run`, { event_type: 'task.unmapped', sample: { event_id: 'evt_s1' } }))).toMatchObject({ planned: [], skipped: [] });
    });
  });
});
