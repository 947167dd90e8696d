import { randomUUID } from 'node:crypto';
import type { MessageOf } from '@inlet/contracts';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(300_000);

type Action = { action_id: string; mapping_id: string; action_type: string; status: string; reason: string | null; field: string | null; configured: Record<string, unknown>; resolved: Record<string, unknown> | null; result: Record<string, unknown> | null };
type Log = { id: string; status: string; event_type: string; actions: Action[]; timeline: { stage: string; at: string }[]; idempotency: { outcome: string } | null };
type Run = { id: string; workflow: string; recipient: Record<string, unknown>; actor: Record<string, unknown> | null; data: Record<string, unknown>; status: string; cancellation_key: string | null };

/** Every action of the reference, run through the real pipeline and checked through the directory API. */
describe('event-action mappings and actions', () => {
  let stack: Stack;
  const endpoints: Record<string, string> = {};
  let triggered: { messages: MessageOf<'workflowTriggered'>[]; stop(): Promise<void> };

  beforeAll(async () => {
    stack = await startStack('actions');
    triggered = await stack.watch('workflowTriggered');
    for (const workflow of [
      { key: 'task-assigned', name: 'Task assigned' },
      { key: 'customer-welcome', name: 'Customer welcome' },
      { key: 'reminder', name: 'Reminder' },
      { key: 'paused', name: 'Paused', status: { development: 'inactive' } },
    ]) {
      expect((await stack.api('/v1/workflows', { method: 'POST', body: workflow })).status).toBe(201);
    }
    for (const [key, typePath] of [['tasks', 'event_type'], ['shop', 'type'], ['crm', 'type']]) {
      await stack.api('/v1/sources', { method: 'POST', body: { key, name: key } });
      const env = await stack.api(`/v1/sources/${key}/environments/development`, { method: 'PATCH', body: { event_type_path: typePath } });
      endpoints[key] = String(env.body.endpoint);
    }
  });

  afterAll(async () => {
    await triggered?.stop();
    await stack?.stop();
  });

  const map = async (source: string, eventType: string, actionType: string, params: Record<string, unknown>) => {
    const res = await stack.api(`/v1/sources/${source}/environments/development/mappings`, { method: 'POST', body: { event_type: eventType, action_type: actionType, params } });
    expect(res.status).toBe(201);
    return res.body as { id: string; warnings: { code: string }[] };
  };
  const finalLog = (id: string) => stack.log<Log>(id);
  /** Sends the event until its log shows what the test expects: mapping changes reach the engine through the config topic. */
  const deliver = (source: string, payload: unknown, ready: (log: Log) => boolean = (log) => log.status !== 'no_mappings') =>
    waitFor(`an event to ${source} handled as expected`, async () => {
      const answer = await stack.send(endpoints[source], JSON.stringify(payload));
      expect(answer.status).toBe(202);
      const log = await finalLog(String(answer.body.id));
      return ready(log) ? log : undefined;
    });
  const runsOf = async (eventId: string) => (await stack.api(`/v1/workflow-runs?environment=development&event_id=${eventId}`)).body.entries as Run[];
  const directory = (path: string) => stack.api(`${path}${path.includes('?') ? '&' : '?'}environment=development`);

  it("runs the seed's example: task.assigned triggers task-assigned with recipients, actor and data fields", async () => {
    const mapping = await map('tasks', 'task.assigned', 'trigger_workflow', {
      key: { literal: 'task-assigned' },
      recipients: { path: 'data.assigned_to' },
      actor: { path: 'data.assigned_by' },
      'data.task_id': { path: 'data.task_id' },
      'data.title': { path: 'data.title' },
    });
    expect(mapping.warnings).toEqual([expect.objectContaining({ code: 'event_type_not_seen' })]);

    const payload = { event_type: 'task.assigned', data: { task_id: 'task_1', title: 'Write the spec', assigned_to: 'user_7', assigned_by: 'user_1', priority: 'high' } };
    const log = await deliver('tasks', payload);
    expect(log.status).toBe('processed');
    expect(log.actions).toEqual([
      expect.objectContaining({
        action_type: 'trigger_workflow',
        status: 'success',
        resolved: { key: 'task-assigned', recipients: [{ kind: 'user', id: 'user_7' }], actor: { kind: 'user', id: 'user_1' }, data: { task_id: 'task_1', title: 'Write the spec' } },
        result: { workflow: 'task-assigned', workflow_run_ids: [expect.any(String)] },
      }),
    ]);

    const runs = await runsOf(log.id);
    expect(runs).toEqual([
      expect.objectContaining({ workflow: 'task-assigned', recipient: { kind: 'user', id: 'user_7' }, actor: { kind: 'user', id: 'user_1' }, data: { task_id: 'task_1', title: 'Write the spec' }, status: 'pending' }),
    ]);
    expect(runs[0].id).toBe((log.actions[0].result as { workflow_run_ids: string[] }).workflow_run_ids[0]);
    const published = await waitFor('the run on inlet.workflow.triggered.v1', () => triggered.messages.find((m) => m.payload.runId === runs[0].id));
    expect(published).toEqual(expect.objectContaining({ eventId: log.id, payload: expect.objectContaining({ workflow: 'task-assigned', data: { task_id: 'task_1', title: 'Write the spec' } }) }));
  });

  it('identifies a customer and then triggers a welcome workflow for it, whatever order the mappings were made in', async () => {
    await map('shop', 'customer.created', 'trigger_workflow', { key: { literal: 'customer-welcome' }, recipients: { path: 'customer.id' } });
    await map('shop', 'customer.created', 'identify_user', { id: { path: 'customer.id' }, email: { path: 'customer.email' }, name: { path: 'customer.name' } });
    const log = await deliver('shop', { type: 'customer.created', customer: { id: 'cus_1', email: 'grace@example.com', name: 'Grace Hopper' } }, (l) => l.actions.length === 2);
    expect(log.status).toBe('processed');
    expect(log.actions.map((a) => [a.action_type, a.status])).toEqual([
      ['identify_user', 'success'],
      ['trigger_workflow', 'success'],
    ]);
    const executed = log.timeline.filter((t) => t.stage === 'action_executed').map((t) => t.at);
    expect(executed).toHaveLength(2);
    expect(new Date(executed[0]).getTime()).toBeLessThanOrEqual(new Date(executed[1]).getTime());
    expect((await directory('/v1/users/cus_1')).body).toEqual(expect.objectContaining({ id: 'cus_1', email: 'grace@example.com', name: 'Grace Hopper' }));
    expect(await runsOf(log.id)).toEqual([expect.objectContaining({ workflow: 'customer-welcome', recipient: { kind: 'user', id: 'cus_1' } })]);
  });

  it('skips an action whose required field is missing, naming it, while the other action runs', async () => {
    await map('shop', 'order.placed', 'identify_user', { id: { path: 'customer.id' } });
    await map('shop', 'order.placed', 'trigger_workflow', { key: { literal: 'customer-welcome' }, recipients: { path: 'order.manager_id' } });
    const log = await deliver('shop', { type: 'order.placed', customer: { id: 'cus_2' }, order: { id: 'o1' } }, (l) => l.actions.length === 2);
    expect(log.status).toBe('partially_failed');
    expect(log.actions).toEqual([
      expect.objectContaining({ action_type: 'identify_user', status: 'success' }),
      expect.objectContaining({ action_type: 'trigger_workflow', status: 'skipped', field: 'recipients', reason: expect.stringContaining('order.manager_id') }),
    ]);
    expect(await runsOf(log.id)).toEqual([]);
  });

  it('skips a value of the wrong type as a type mismatch', async () => {
    await map('shop', 'invoice.due', 'trigger_workflow', { key: { literal: 'customer-welcome' }, recipients: { path: 'invoice.amount' } });
    const log = await deliver('shop', { type: 'invoice.due', invoice: { amount: 42 } });
    expect(log.status).toBe('failed');
    expect(log.actions).toEqual([expect.objectContaining({ status: 'skipped', field: 'recipients', reason: expect.stringMatching(/recipients/) })]);
  });

  it('fails a trigger of a workflow inactive in the environment, or unknown', async () => {
    await map('tasks', 'task.paused', 'trigger_workflow', { key: { literal: 'paused' }, recipients: { path: 'user' } });
    await map('tasks', 'task.lost', 'trigger_workflow', { key: { literal: 'no-such-workflow' }, recipients: { path: 'user' } });
    const inactive = await deliver('tasks', { event_type: 'task.paused', user: 'user_7' });
    expect(inactive.status).toBe('failed');
    expect(inactive.actions).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/^workflow_inactive: .*paused/) })]);
    const missing = await deliver('tasks', { event_type: 'task.lost', user: 'user_7' });
    expect(missing.actions).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/^workflow_missing: .*no-such-workflow/) })]);
    expect(await runsOf(inactive.id)).toEqual([]);
  });

  it('skips an inactive mapping, and runs it again once activated', async () => {
    const { id } = await map('crm', 'lead.created', 'identify_user', { id: { path: 'lead.id' } });
    await deliver('crm', { type: 'lead.created', lead: { id: 'lead_0' } }, (l) => l.status === 'processed');
    expect((await stack.api(`/v1/sources/crm/environments/development/mappings/${id}/deactivate`, { method: 'POST' })).body).toEqual(expect.objectContaining({ id, active: false }));
    const skipped = await deliver('crm', { type: 'lead.created', lead: { id: 'lead_1' } }, (l) => l.actions[0]?.status === 'skipped');
    expect(skipped.status).toBe('no_mappings');
    expect(skipped.actions).toEqual([expect.objectContaining({ status: 'skipped', reason: 'mapping is inactive' })]);
    expect((await directory('/v1/users/lead_1')).status).toBe(404);

    await stack.api(`/v1/sources/crm/environments/development/mappings/${id}/activate`, { method: 'POST' });
    await deliver('crm', { type: 'lead.created', lead: { id: 'lead_2' } }, (l) => l.status === 'processed');
    expect((await directory('/v1/users/lead_2')).status).toBe(200);
  });

  it('executes no action twice for a duplicate event', async () => {
    await stack.api('/v1/sources/shop/environments/development', { method: 'PATCH', body: { idempotency: { enabled: true, key_path: 'event_id' } } });
    const event = { type: 'customer.created', event_id: 'evt_dup_1', customer: { id: 'cus_dup' } };
    const first = await deliver('shop', event, (l) => l.status === 'processed' && l.idempotency?.outcome === 'claimed');
    const second = await finalLog(String((await stack.send(endpoints.shop, JSON.stringify(event))).body.id));
    expect(second).toEqual(expect.objectContaining({ status: 'duplicate', actions: [] }));
    const runs = (await stack.api('/v1/workflow-runs?environment=development&workflow=customer-welcome&recipient=cus_dup')).body.entries as Run[];
    expect(runs.map((r) => r.id)).toEqual((first.actions[1].result as { workflow_run_ids: string[] }).workflow_run_ids);
  });

  it('applies a redelivered action request once', async () => {
    const completed = await stack.watch('actionCompleted');
    const request = (eventId: string, actionId: string): MessageOf<'actionRequested'> => ({
      messageId: randomUUID(),
      eventId,
      sourceEnvironmentId: 'tasks.development',
      sourceKey: 'tasks',
      environment: 'development',
      producedAt: new Date().toISOString(),
      payload: {
        actionId,
        mappingId: 'redelivered',
        position: 0,
        eventType: 'task.assigned',
        configured: {},
        action: { type: 'trigger_workflow', params: { key: 'task-assigned', recipients: [{ kind: 'user', id: 'user_redelivered' }] } },
      },
    });
    const eventId = randomUUID();
    const actionId = `${eventId}:redelivered`;
    // Twice at once (one batch), then once more after it was recorded.
    await stack.produce('actionRequested', [request(eventId, actionId), request(eventId, actionId)].map((value) => ({ key: eventId, value })));
    await waitFor('both copies answered', () => (completed.messages.filter((m) => m.payload.actionId === actionId).length >= 2 ? true : undefined));
    await stack.produce('actionRequested', [{ key: eventId, value: request(eventId, actionId) }]);
    await waitFor('the third copy answered', () => (completed.messages.filter((m) => m.payload.actionId === actionId).length >= 3 ? true : undefined));
    await completed.stop();

    const answers = completed.messages.filter((m) => m.payload.actionId === actionId).map((m) => m.payload.result);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await runsOf(eventId)).toHaveLength(1);
  });

  describe('each action, checked through the directory API', () => {
    it('identify user merges: only the fields sent change', async () => {
      await map('crm', 'user.updated', 'identify_user', { id: { path: 'user.id' }, name: { path: 'user.name' }, email: { path: 'user.email' }, plan: { path: 'user.plan' } });
      await deliver('crm', { type: 'user.updated', user: { id: 'u1', name: 'Ada', email: 'ada@example.com', plan: 'pro' } });
      await deliver('crm', { type: 'user.updated', user: { id: 'u1', name: 'Ada Lovelace' } });
      expect((await directory('/v1/users/u1')).body).toEqual(expect.objectContaining({ id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com', properties: { plan: 'pro' } }));
    });

    it('delete user', async () => {
      await map('crm', 'user.deleted', 'delete_user', { id: { path: 'user.id' } });
      const log = await deliver('crm', { type: 'user.deleted', user: { id: 'u1' } });
      expect(log.status).toBe('processed');
      expect((await directory('/v1/users/u1')).status).toBe(404);
    });

    it('set object (merge), subscribe and unsubscribe its followers, delete object', async () => {
      await map('crm', 'project.followed', 'set_object', { collection: { literal: 'projects' }, id: { path: 'project.id' }, name: { path: 'project.name' }, 'properties.stage': { path: 'project.stage' } });
      await map('crm', 'project.followed', 'subscribe', { collection: { literal: 'projects' }, object_id: { path: 'project.id' }, recipients: { path: 'followers' }, properties: { path: 'subscription' } });
      const log = await deliver('crm', { type: 'project.followed', project: { id: 'p1', name: 'Apollo', stage: 'beta' }, followers: ['u2', 'u3'], subscription: { role: 'watcher' } }, (l) => l.actions.length === 2);
      expect(log.actions.map((a) => [a.action_type, a.status])).toEqual([
        ['set_object', 'success'],
        ['subscribe', 'success'],
      ]);
      expect((await directory('/v1/objects/projects/p1')).body).toEqual(expect.objectContaining({ collection: 'projects', id: 'p1', name: 'Apollo', properties: { stage: 'beta' } }));
      const subscribed = (await directory('/v1/objects/projects/p1/subscriptions')).body.entries as { recipient: { id: string }; properties: unknown }[];
      expect(subscribed.map((s) => [s.recipient.id, s.properties])).toEqual([
        ['u2', { role: 'watcher' }],
        ['u3', { role: 'watcher' }],
      ]);

      await map('crm', 'project.unfollowed', 'unsubscribe', { collection: { literal: 'projects' }, object_id: { path: 'project.id' }, recipients: { path: 'follower' } });
      await deliver('crm', { type: 'project.unfollowed', project: { id: 'p1' }, follower: 'u2' });
      expect(((await directory('/v1/objects/projects/p1/subscriptions')).body.entries as { recipient: { id: string } }[]).map((s) => s.recipient.id)).toEqual(['u3']);

      await map('crm', 'project.deleted', 'delete_object', { collection: { literal: 'projects' }, id: { path: 'project.id' } });
      await deliver('crm', { type: 'project.deleted', project: { id: 'p1' } });
      expect((await directory('/v1/objects/projects/p1')).status).toBe(404);
    });

    it('set tenant and delete tenant', async () => {
      await map('crm', 'account.updated', 'set_tenant', { id: { path: 'account.id' }, name: { path: 'account.name' }, settings: { path: 'account.settings' } });
      await deliver('crm', { type: 'account.updated', account: { id: 't1', name: 'Acme', settings: { branding: { color: 'red' } } } });
      expect((await directory('/v1/tenants/t1')).body).toEqual(expect.objectContaining({ id: 't1', name: 'Acme', settings: { branding: { color: 'red' } } }));
      await map('crm', 'account.closed', 'delete_tenant', { id: { path: 'account.id' } });
      await deliver('crm', { type: 'account.closed', account: { id: 't1' } });
      expect((await directory('/v1/tenants/t1')).status).toBe(404);
    });

    it('add audience members (creating the audience) and remove them', async () => {
      await map('crm', 'cohort.joined', 'add_audience_members', { audience_key: { literal: 'beta' }, user_ids: { path: 'users' }, create_audience: { literal: true } });
      await deliver('crm', { type: 'cohort.joined', users: ['u4', 'u5', 'u6'] });
      const members = async () => ((await directory('/v1/audiences/beta/members')).body.entries as { user_id: string }[]).map((m) => m.user_id).sort();
      expect(await members()).toEqual(['u4', 'u5', 'u6']);
      await map('crm', 'cohort.left', 'remove_audience_members', { audience_key: { literal: 'beta' }, user_ids: { path: 'users' } });
      await deliver('crm', { type: 'cohort.left', users: ['u5'] });
      expect(await members()).toEqual(['u4', 'u6']);
    });

    it('fails adding to an audience that does not exist without create_audience', async () => {
      await map('crm', 'waitlist.joined', 'add_audience_members', { audience_key: { literal: 'waitlist' }, user_ids: { path: 'user' } });
      const log = await deliver('crm', { type: 'waitlist.joined', user: 'u7' });
      expect(log.actions).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/^audience_missing/) })]);
    });

    it('trigger workflow identifies inline recipients first, and cancel workflow cancels its pending runs by cancellation key', async () => {
      await map('crm', 'task.created', 'trigger_workflow', { key: { literal: 'reminder' }, recipients: { path: 'task.assignees' }, cancellation_key: { path: 'task.id' } });
      const created = await deliver('crm', { type: 'task.created', task: { id: 'task_9', assignees: [{ id: 'u8', email: 'u8@example.com' }, 'u9'] } });
      expect(created.status).toBe('processed');
      expect((await directory('/v1/users/u8')).body).toEqual(expect.objectContaining({ id: 'u8', email: 'u8@example.com' }));
      expect((await runsOf(created.id)).map((r) => [r.recipient.id, r.status, r.cancellation_key])).toEqual(
        expect.arrayContaining([
          ['u8', 'pending', 'task_9'],
          ['u9', 'pending', 'task_9'],
        ]),
      );

      await map('crm', 'task.completed', 'cancel_workflow', { key: { literal: 'reminder' }, cancellation_key: { path: 'task.id' } });
      const canceled = await deliver('crm', { type: 'task.completed', task: { id: 'task_9' } });
      expect(canceled.actions).toEqual([expect.objectContaining({ status: 'success', result: expect.objectContaining({ canceled_run_ids: expect.arrayContaining((await runsOf(created.id)).map((r) => r.id)) }) })]);
      expect((await runsOf(created.id)).map((r) => r.status)).toEqual(['canceled', 'canceled']);
    });
  });

  describe('the mappings API', () => {
    const base = '/v1/sources/tasks/environments/development/mappings';

    it('lists by event type, updates, copies to another environment and deletes', async () => {
      const listed = (await stack.api(`${base}?event_type=task.assigned`)).body.entries as { id: string; event_type: string }[];
      expect(listed.map((m) => m.event_type)).toEqual(['task.assigned']);
      const id = listed[0].id;

      const updated = await stack.api(`${base}/${id}`, { method: 'PATCH', body: { params: { key: { literal: 'task-assigned' }, recipients: { path: 'data.assignee' } } } });
      expect(updated).toEqual({ status: 200, body: expect.objectContaining({ id, params: { key: { literal: 'task-assigned' }, recipients: { path: 'data.assignee' } }, warnings: [] }) });

      const copied = await stack.api(`${base}/copy`, { method: 'POST', body: { to_environment: 'production' } });
      expect(copied.status).toBe(200);
      const production = (await stack.api('/v1/sources/tasks/environments/production/mappings')).body.entries as { id: string; event_type: string; environment: string }[];
      const development = (await stack.api(base)).body.entries as { id: string; event_type: string }[];
      expect(production.map((m) => m.event_type)).toEqual(development.map((m) => m.event_type));
      expect(production.every((m) => m.environment === 'production' && !development.some((d) => d.id === m.id))).toBe(true);

      expect((await stack.api(`${base}/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await stack.api(`${base}/${id}`)).body).toEqual({ error: expect.objectContaining({ code: 'mapping_not_found' }) });
    });

    it.each([
      ['an unknown action type', { event_type: 'a', action_type: 'send_fax', params: {} }, 'action_type'],
      ['a missing required parameter', { event_type: 'a', action_type: 'trigger_workflow', params: { key: { literal: 'customer-welcome' } } }, 'params.recipients'],
      ['a parameter the action does not take', { event_type: 'a', action_type: 'delete_user', params: { id: { path: 'id' }, colour: { literal: 'red' } } }, 'params.colour'],
      ['a malformed path', { event_type: 'a', action_type: 'delete_user', params: { id: { path: 'a..b' } } }, 'params.id'],
      ['a source that is neither path nor literal', { event_type: 'a', action_type: 'delete_user', params: { id: 'user.id' } }, 'params.id'],
    ])('answers 400 naming the field for %s', async (_case, body, field) => {
      const res = await stack.api(base, { method: 'POST', body });
      expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining(field) } } });
    });

    it('registers workflows with a status per environment', async () => {
      expect((await stack.api('/v1/workflows/paused')).body).toEqual(expect.objectContaining({ key: 'paused', status: { development: 'inactive', production: 'active' } }));
      const patched = await stack.api('/v1/workflows/paused', { method: 'PATCH', body: { status: { production: 'inactive' } } });
      expect(patched.body).toEqual(expect.objectContaining({ status: { development: 'inactive', production: 'inactive' } }));
      expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'paused', name: 'Again' } })).status).toBe(409);
      expect((await stack.api('/v1/workflows/x', { method: 'PATCH', body: { status: { staging: 'active' } } })).status).toBe(400);
    });
  });
});
