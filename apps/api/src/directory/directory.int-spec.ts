import { directoryIds, directoryModels } from '@inlet/store/directory';
import { ApiTestApp } from '../shared/api-test-app';
import { DirectoryUserSchema, WorkflowRunSchema, WorkflowRunsPageSchema } from './directory.schema';

jest.setTimeout(60_000);

describe('directory api', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-directory');
  });
  afterAll(() => api?.stop());

  it('reads a user the executor wrote, in its environment only', async () => {
    const now = new Date(Date.UTC(2026, 0, 1));
    await directoryModels(api.connection).users.create({
      _id: directoryIds.user('development', 'u1'),
      environment: 'development',
      id: 'u1',
      email: 'ada@example.com',
      properties: { plan: 'pro' },
      createdAt: now,
      updatedAt: now,
    });
    const user = await api.ok(DirectoryUserSchema, 'GET', '/v1/users/u1?environment=development');
    expect(user).toMatchObject({ id: 'u1', email: 'ada@example.com', properties: { plan: 'pro' }, created_at: now.toISOString() });
    await api.fails('GET', '/v1/users/u1?environment=production', undefined, 404, 'user_not_found');
    await api.fails('GET', '/v1/users/u1', undefined, 400, 'invalid_request', 'environment');
  });

  it('reads one workflow run by id, in its environment only', async () => {
    const now = new Date(Date.UTC(2026, 0, 2));
    await directoryModels(api.connection).workflowRuns.create({
      _id: 'run_1',
      environment: 'qa',
      workflow: 'onboarding',
      recipient: { kind: 'user', id: 'u1' },
      data: { plan: 'pro' },
      status: 'pending',
      eventId: 'evt_1',
      actionId: 'act_1',
      sourceKey: 'app',
      createdAt: now,
    });
    const run = await api.ok(WorkflowRunSchema, 'GET', '/v1/workflow-runs/run_1?environment=qa');
    expect(run).toMatchObject({ id: 'run_1', workflow: 'onboarding', recipient: { kind: 'user', id: 'u1' }, data: { plan: 'pro' }, event_id: 'evt_1', created_at: now.toISOString() });
    await api.fails('GET', '/v1/workflow-runs/run_1?environment=development', undefined, 404, 'workflow_run_not_found', 'run_1');
    await api.fails('GET', '/v1/workflow-runs/run_1', undefined, 400, 'invalid_request', 'environment');
  });

  it('pages workflow runs and refuses a bad cursor naming it', async () => {
    expect(await api.ok(WorkflowRunsPageSchema, 'GET', '/v1/workflow-runs?environment=development')).toEqual({ entries: [], page_info: { next_cursor: null } });
    await api.fails('GET', '/v1/workflow-runs?environment=development&cursor=zzz', undefined, 400, 'invalid_request', 'cursor');
    await api.fails('GET', '/v1/tenants/t1?environment=development', undefined, 404, 'tenant_not_found');
    await api.fails('GET', '/v1/audiences/vip/members?environment=development', undefined, 404, 'audience_not_found');
    await api.fails('GET', '/v1/objects/projects/p1?environment=development', undefined, 404, 'object_not_found');
  });
});
