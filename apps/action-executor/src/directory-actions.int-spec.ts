import type { Action, WorkflowConfig } from '@inlet/contracts';
import { createLogger } from '@inlet/platform/observability';
import { connectMongo } from '@inlet/platform/mongo';
import { directoryKey, directoryModels } from '@inlet/store/directory';
import { testInfrastructure, testNamespace } from '@inlet/testing';
import type { Connection } from 'mongoose';
import { DirectoryActions, type Outcome } from './directory-actions';
import { runIdOf, type BulkableAction } from './directory-ops';

jest.setTimeout(30_000);

describe('directory actions, against the real store', () => {
  let connection: Connection;
  let directory: ReturnType<typeof directoryModels>;
  let actions: DirectoryActions;
  let n = 0;

  const workflows: Record<string, WorkflowConfig> = {
    welcome: { kind: 'workflow', id: 'welcome', name: 'Welcome', statuses: { production: 'inactive' } },
  };
  const env = 'development';
  const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute));
  const fresh = (prefix: string) => `${prefix}-${++n}`;
  /** Applies one action alone, as its own action id. */
  const apply = (action: Action, opts: { actionId?: string; environment?: string; now?: Date } = {}): Promise<Outcome> =>
    actions.apply({ environment: opts.environment ?? env, eventId: 'evt_1', sourceKey: 'stripe', actionId: opts.actionId ?? fresh('act') }, action, opts.now ?? at(0));
  const user = (id: string, environment = env) => directory.users.findById(directoryKey(environment, id)).lean();

  beforeAll(async () => {
    connection = await connectMongo({ url: testInfrastructure().mongoUrl, dbName: testNamespace('executor').dbName, logger: createLogger({ service: 'test', level: 'error' }), appName: 'test' });
    actions = new DirectoryActions(connection, { workflow: (key) => workflows[key] });
    directory = directoryModels(connection);
    await Promise.all(Object.values(connection.models).map((m) => m.init()));
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('identifies a user as a merge: only the fields sent change, properties key by key', async () => {
    const id = fresh('u');
    expect(await apply({ type: 'identify_user', params: { id, name: 'Ada', email: 'ada@example.com', properties: { plan: 'free', seats: 1 } } }, { now: at(0) })).toEqual({ ok: true, result: { user_id: id } });
    await apply({ type: 'identify_user', params: { id, email: 'ada@lovelace.dev', properties: { plan: 'pro' } } }, { now: at(5) });

    expect(await user(id)).toEqual({
      _id: directoryKey(env, id),
      environment: env,
      id,
      name: 'Ada',
      email: 'ada@lovelace.dev',
      properties: { plan: 'pro', seats: 1 },
      createdAt: at(0),
      updatedAt: at(5),
    });
    expect(await user(id, 'production')).toBeNull();
  });

  it('deletes a user, saying whether there was one', async () => {
    const id = fresh('u');
    await apply({ type: 'identify_user', params: { id } });
    expect(await apply({ type: 'delete_user', params: { id } })).toEqual({ ok: true, result: { user_id: id, deleted: true } });
    expect(await user(id)).toBeNull();
    expect(await apply({ type: 'delete_user', params: { id } })).toEqual({ ok: true, result: { user_id: id, deleted: false } });
  });

  it('sets and deletes objects and tenants, merging properties and settings key by key', async () => {
    const id = fresh('o');
    expect(await apply({ type: 'set_object', params: { collection: 'projects', id, name: 'Apollo', properties: { stage: 'alpha', owner: 'u1' } } })).toEqual({ ok: true, result: { collection: 'projects', object_id: id } });
    await apply({ type: 'set_object', params: { collection: 'projects', id, properties: { stage: 'beta' } } });
    expect(await directory.objects.findById(directoryKey(env, 'projects', id)).lean()).toMatchObject({ collection: 'projects', id, name: 'Apollo', properties: { stage: 'beta', owner: 'u1' } });

    const t = fresh('t');
    expect(await apply({ type: 'set_tenant', params: { id: t, name: 'Acme', settings: { color: 'red', logo: 'a.png' } } })).toEqual({ ok: true, result: { tenant_id: t } });
    await apply({ type: 'set_tenant', params: { id: t, settings: { color: 'blue' }, properties: { tier: 2 } } });
    expect(await directory.tenants.findById(directoryKey(env, t)).lean()).toMatchObject({ id: t, name: 'Acme', settings: { color: 'blue', logo: 'a.png' }, properties: { tier: 2 } });

    expect(await apply({ type: 'delete_object', params: { collection: 'projects', id } })).toEqual({ ok: true, result: { collection: 'projects', object_id: id, deleted: true } });
    expect(await apply({ type: 'delete_tenant', params: { id: t } })).toEqual({ ok: true, result: { tenant_id: t, deleted: true } });
    expect(await directory.objects.findById(directoryKey(env, 'projects', id)).lean()).toBeNull();
    expect(await directory.tenants.findById(directoryKey(env, t)).lean()).toBeNull();
  });

  it('applies a run of upserts in order, and fails only the one the store refuses', async () => {
    const [a, b, t] = [fresh('u'), fresh('u'), fresh('t')];
    await apply({ type: 'set_tenant', params: { id: t, settings: { color: 'red' } } });
    const run: BulkableAction[] = [
      { type: 'identify_user', params: { id: a, name: 'first' } },
      { type: 'identify_user', params: { id: a, name: 'second' } },
      // Settings names may contain '.', and a path through a string is one the store refuses.
      { type: 'set_tenant', params: { id: t, settings: { 'color.shade': 'dark' } } },
      { type: 'identify_user', params: { id: b } },
    ];
    const outcomes = await actions.applyBulk(run.map((action) => ({ ctx: { environment: env, eventId: 'evt_1', sourceKey: 'stripe', actionId: fresh('act') }, action })), at(0));

    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'ok', 'store_rejected', 'ok']);
    expect(await user(a)).toMatchObject({ name: 'second' });
    expect(await user(b)).toMatchObject({ id: b });
  });

  it('two executors identifying the same new users at once both succeed: a lost insert race is retried as the update it is', async () => {
    // Another replica's own connection, as a second executor process has.
    const other = await connectMongo({ url: testInfrastructure().mongoUrl, dbName: testNamespace('executor').dbName, logger: createLogger({ service: 'test', level: 'error' }), appName: 'test-2' });
    try {
      const replicas = [actions, new DirectoryActions(other, { workflow: (key) => workflows[key] })];
      const ids = Array.from({ length: 40 }, () => fresh('race'));
      const outcomes = await Promise.all(
        ids.flatMap((id) =>
          replicas.map((replica, r) =>
            Promise.all([
              replica.applyBulk([{ ctx: { environment: env, eventId: `evt_${id}_${r}`, sourceKey: 'stripe', actionId: `act_${id}_${r}_identify` }, action: { type: 'identify_user', params: { id, name: `replica ${r}` } } }], at(r)),
              replica.apply({ environment: env, eventId: `evt_${id}_${r}`, sourceKey: 'stripe', actionId: `act_${id}_${r}` }, { type: 'trigger_workflow', params: { key: 'welcome', recipients: [{ kind: 'user', id: `${id}-inline`, profile: { email: `${r}@example.com` } }] } }, at(r)),
            ]),
          ),
        ),
      );
      expect(outcomes.flat(2).filter((o) => !o.ok)).toEqual([]);
      const stored = await directory.users.find({ id: { $in: ids.flatMap((id) => [id, `${id}-inline`]) } }).lean();
      expect(stored).toHaveLength(ids.length * 2);
    } finally {
      await other.close();
    }
  });

  describe('subscriptions', () => {
    it('refuses to subscribe to an object that does not exist', async () => {
      const outcome = await apply({ type: 'subscribe', params: { collection: 'projects', object_id: 'nowhere', recipients: [{ kind: 'user', id: 'u1', profile: { name: 'X' } }] } });
      expect(outcome).toEqual({ ok: false, code: 'object_missing', message: expect.stringContaining('"nowhere"') });
      expect(await user('u1')).toBeNull();
    });

    it('subscribes each recipient once, identifies inline users first, and unsubscribes them', async () => {
      const [p, u] = [fresh('p'), fresh('u')];
      await apply({ type: 'set_object', params: { collection: 'projects', id: p } });
      const recipients = [{ kind: 'user' as const, id: u, profile: { email: 'x@y.z' } }, { kind: 'object' as const, collection: 'teams', id: 'core' }];
      expect(await apply({ type: 'subscribe', params: { collection: 'projects', object_id: p, recipients, properties: { role: 'owner' } } })).toEqual({
        ok: true,
        result: { collection: 'projects', object_id: p, subscribed: [u, 'core'] },
      });
      await apply({ type: 'subscribe', params: { collection: 'projects', object_id: p, recipients: [{ kind: 'user', id: u }] } });

      expect(await user(u)).toMatchObject({ email: 'x@y.z' });
      const subscriptions = await directory.subscriptions.find({ environment: env, collection: 'projects', objectId: p }).sort({ _id: 1 }).lean();
      expect(subscriptions.map((s) => [s.recipient, s.properties])).toEqual(
        expect.arrayContaining([
          [{ kind: 'user', id: u }, { role: 'owner' }],
          [{ kind: 'object', collection: 'teams', id: 'core' }, { role: 'owner' }],
        ]),
      );
      expect(subscriptions).toHaveLength(2);

      expect(await apply({ type: 'unsubscribe', params: { collection: 'projects', object_id: p, recipients: [{ kind: 'user', id: u }] } })).toEqual({
        ok: true,
        result: { collection: 'projects', object_id: p, unsubscribed: [u] },
      });
      const left = await directory.subscriptions.find({ environment: env, collection: 'projects', objectId: p }).lean();
      expect(left.map((s) => s.recipient)).toEqual([{ kind: 'object', collection: 'teams', id: 'core' }]);
    });
  });

  describe('audiences', () => {
    it('refuses members for an audience that does not exist unless asked to create it', async () => {
      const key = fresh('aud');
      expect(await apply({ type: 'add_audience_members', params: { audience_key: key, user_ids: ['u1'] } })).toEqual({
        ok: false,
        code: 'audience_missing',
        message: expect.stringContaining(`"${key}"`),
      });
      expect(await directory.audienceMembers.countDocuments({ environment: env, audienceKey: key })).toBe(0);

      expect(await apply({ type: 'add_audience_members', params: { audience_key: key, user_ids: ['u1', 'u2'], create_audience: true } })).toEqual({
        ok: true,
        result: { audience_key: key, user_ids: ['u1', 'u2'] },
      });
      expect(await directory.audiences.findById(directoryKey(env, key)).lean()).toMatchObject({ key, environment: env });
      expect(await apply({ type: 'add_audience_members', params: { audience_key: key, user_ids: ['u2', 'u3'] } })).toMatchObject({ ok: true });
    });

    it('keeps a membership per user and tenant, and removes only the one named', async () => {
      const key = fresh('aud');
      await apply({ type: 'add_audience_members', params: { audience_key: key, user_ids: ['u1'], create_audience: true } });
      await apply({ type: 'add_audience_members', params: { audience_key: key, user_ids: ['u1', 'u2'], tenant: 'acme' } });
      await apply({ type: 'add_audience_members', params: { audience_key: key, user_ids: ['u1'], tenant: 'acme' } });
      const members = async () =>
        (await directory.audienceMembers.find({ environment: env, audienceKey: key }).lean()).map((m) => `${m.userId}/${m.tenant ?? '-'}`).sort();
      expect(await members()).toEqual(['u1/-', 'u1/acme', 'u2/acme']);

      expect(await apply({ type: 'remove_audience_members', params: { audience_key: key, user_ids: ['u1'], tenant: 'acme' } })).toEqual({
        ok: true,
        result: { audience_key: key, user_ids: ['u1'] },
      });
      expect(await members()).toEqual(['u1/-', 'u2/acme']);
    });
  });

  describe('workflows', () => {
    const trigger = (params: Partial<Extract<Action, { type: 'trigger_workflow' }>['params']> = {}): Action => ({
      type: 'trigger_workflow',
      params: { key: 'welcome', recipients: [{ kind: 'user', id: 'u1' }], ...params },
    });

    it('fails for a workflow that is not registered, or inactive in the environment', async () => {
      expect(await apply(trigger({ key: 'nope' }))).toEqual({ ok: false, code: 'workflow_missing', message: 'workflow "nope" is not registered (environment "development")' });
      expect(await apply(trigger(), { environment: 'production' })).toEqual({ ok: false, code: 'workflow_inactive', message: 'workflow "welcome" is inactive in environment "production"' });
    });

    it('creates one pending run per recipient, identifies inline users and the inline tenant first, and creates nothing more when applied again', async () => {
      const [u, actor, t, actionId] = [fresh('u'), fresh('u'), fresh('t'), fresh('act')];
      const action = trigger({
        recipients: [{ kind: 'user', id: u, profile: { name: 'Ada' } }, { kind: 'object', collection: 'projects', id: 'p1' }, { kind: 'user', id: u }],
        actor: { kind: 'user', id: actor, profile: { email: 'boss@example.com' } },
        tenant: { id: t, profile: { name: 'Acme', settings: { color: 'red' } } },
        data: { order: 42 },
        cancellation_key: 'order-42',
      });
      const first = await apply(action, { actionId, now: at(0) });
      const runIds = [runIdOf(actionId, { kind: 'user', id: u }), runIdOf(actionId, { kind: 'object', collection: 'projects', id: 'p1' })];
      expect(first).toMatchObject({ ok: true, result: { workflow: 'welcome', workflow_run_ids: runIds } });
      expect(first.ok && first.triggered?.map((r) => [r.runId, r.recipient.id, r.tenant, r.cancellationKey])).toEqual([
        [runIds[0], u, t, 'order-42'],
        [runIds[1], 'p1', t, 'order-42'],
      ]);

      expect(await user(u)).toMatchObject({ name: 'Ada' });
      expect(await user(actor)).toMatchObject({ email: 'boss@example.com' });
      expect(await directory.tenants.findById(directoryKey(env, t)).lean()).toMatchObject({ name: 'Acme', settings: { color: 'red' } });
      expect(await directory.workflowRuns.findById(runIds[0]).lean()).toEqual({
        _id: runIds[0],
        environment: env,
        workflow: 'welcome',
        recipient: { kind: 'user', id: u },
        actor: { kind: 'user', id: actor },
        data: { order: 42 },
        tenant: t,
        cancellationKey: 'order-42',
        status: 'pending',
        eventId: 'evt_1',
        actionId,
        sourceKey: 'stripe',
        createdAt: at(0),
      });

      const again = await apply(action, { actionId, now: at(9) });
      expect(again).toMatchObject({ ok: true, result: { workflow_run_ids: runIds } });
      const runs = await directory.workflowRuns.find({ actionId }).lean();
      expect(runs).toHaveLength(2);
      expect(runs.map((r) => r.createdAt)).toEqual([at(0), at(0)]);
    });

    it('cancels the pending runs of a workflow and cancellation key, only the recipients named when there are some', async () => {
      const key = fresh('ck');
      const [a, b, other] = [fresh('act'), fresh('act'), fresh('act')];
      await apply(trigger({ recipients: [{ kind: 'user', id: 'u1' }, { kind: 'user', id: 'u2' }], cancellation_key: key }), { actionId: a });
      await apply(trigger({ recipients: [{ kind: 'user', id: 'u1' }], cancellation_key: key }), { actionId: b });
      await apply(trigger({ recipients: [{ kind: 'user', id: 'u1' }], cancellation_key: fresh('ck') }), { actionId: other });

      const onlyU2 = await apply({ type: 'cancel_workflow', params: { key: 'welcome', cancellation_key: key, recipients: [{ kind: 'user', id: 'u2' }] } }, { now: at(30) });
      expect(onlyU2).toEqual({ ok: true, result: { workflow: 'welcome', cancellation_key: key, canceled_run_ids: [runIdOf(a, { kind: 'user', id: 'u2' })] } });

      const rest = await apply({ type: 'cancel_workflow', params: { key: 'welcome', cancellation_key: key } }, { now: at(31) });
      expect(rest.ok && (rest.result.canceled_run_ids as string[]).sort()).toEqual([runIdOf(a, { kind: 'user', id: 'u1' }), runIdOf(b, { kind: 'user', id: 'u1' })].sort());

      expect(await directory.workflowRuns.findById(runIdOf(a, { kind: 'user', id: 'u2' })).lean()).toMatchObject({ status: 'canceled', canceledAt: at(30) });
      expect(await directory.workflowRuns.findById(runIdOf(other, { kind: 'user', id: 'u1' })).lean()).toMatchObject({ status: 'pending' });
      expect(await apply({ type: 'cancel_workflow', params: { key: 'welcome', cancellation_key: key } })).toMatchObject({ ok: true, result: { canceled_run_ids: [] } });
    });
  });
});
