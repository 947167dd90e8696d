import type { Action, Recipient, UserProfile } from '@inlet/contracts';
import { directoryKey } from '@inlet/store/directory';
import {
  addMemberOps,
  identifyUserOp,
  inlineUserOps,
  insertRunOp,
  isBulkable,
  memberId,
  runIdOf,
  runsToCancel,
  setObjectOp,
  setTenantOp,
  subscribeOps,
  subscriptionId,
  unsubscribeOps,
  upsertResult,
  workflowRuns,
  workflowTriggered,
  type UpsertAction,
} from './directory-ops';

const now = new Date('2026-05-01T00:00:00Z');
const user = (id: string, profile?: UserProfile): Recipient => (profile ? { kind: 'user', id, profile } : { kind: 'user', id });
const object = (collection: string, id: string): Recipient => ({ kind: 'object', collection, id });
const ctx = { environment: 'development', eventId: 'evt_1', sourceKey: 'stripe', actionId: 'act_1' };

describe('identifyUserOp', () => {
  it('upserts by _id, changing only the fields sent and merging properties key by key', () => {
    expect(identifyUserOp('development', { id: 'u1', email: 'a@b.c', properties: { plan: 'pro' } }, now)).toEqual({
      updateOne: {
        filter: { _id: directoryKey('development', 'u1') },
        update: { $set: { email: 'a@b.c', 'properties.plan': 'pro', updatedAt: now }, $setOnInsert: { environment: 'development', id: 'u1', createdAt: now } },
        upsert: true,
      },
    });
  });

  it('starts empty properties on insert only when none are sent', () => {
    const op = identifyUserOp('production', { id: 'u2' }, now);
    expect(op.updateOne.update).toEqual({ $set: { updatedAt: now }, $setOnInsert: { environment: 'production', id: 'u2', createdAt: now, properties: {} } });
  });

  it('keeps one user per environment', () => {
    expect(identifyUserOp('development', { id: 'u1' }, now).updateOne.filter).not.toEqual(identifyUserOp('production', { id: 'u1' }, now).updateOne.filter);
  });
});

describe('setObjectOp and setTenantOp', () => {
  it('merges an object by environment, collection and id', () => {
    expect(setObjectOp('development', { collection: 'projects', id: 'p1', name: 'Apollo' }, now)).toEqual({
      updateOne: {
        filter: { _id: directoryKey('development', 'projects', 'p1') },
        update: { $set: { name: 'Apollo', updatedAt: now }, $setOnInsert: { environment: 'development', collection: 'projects', id: 'p1', createdAt: now, properties: {} } },
        upsert: true,
      },
    });
  });

  it('merges tenant settings and properties key by key', () => {
    const op = setTenantOp('development', { id: 't1', settings: { branding: { color: 'red' } }, properties: { tier: 2 } }, now);
    expect(op.updateOne.update).toEqual({
      $set: { 'settings.branding': { color: 'red' }, 'properties.tier': 2, updatedAt: now },
      $setOnInsert: { environment: 'development', id: 't1', createdAt: now },
    });
  });
});

describe('bulkable actions and their results', () => {
  it.each<[Action, boolean]>([
    [{ type: 'identify_user', params: { id: 'u1' } }, true],
    [{ type: 'set_object', params: { collection: 'c', id: 'o1' } }, true],
    [{ type: 'set_tenant', params: { id: 't1' } }, true],
    [{ type: 'delete_user', params: { id: 'u1' } }, false],
    [{ type: 'trigger_workflow', params: { key: 'w', recipients: [user('u1')] } }, true],
    [{ type: 'subscribe', params: { collection: 'c', object_id: 'o1', recipients: [user('u1')] } }, false],
  ])('%j is bulkable: %s', (action, expected) => {
    expect(isBulkable(action)).toBe(expected);
  });

  it.each<[UpsertAction, Record<string, unknown>]>([
    [{ type: 'identify_user', params: { id: 'u1', name: 'Ada' } }, { user_id: 'u1' }],
    [{ type: 'set_object', params: { collection: 'projects', id: 'p1' } }, { collection: 'projects', object_id: 'p1' }],
    [{ type: 'set_tenant', params: { id: 't1' } }, { tenant_id: 't1' }],
  ])('%j results in %j', (action, result) => {
    expect(upsertResult(action)).toEqual(result);
  });
});

describe('inlineUserOps', () => {
  it('identifies only the users sent with a profile', () => {
    const ops = inlineUserOps('development', [user('u1'), user('u2', { name: 'Bo' }), object('c', 'o1'), undefined], now);
    expect(ops).toEqual([identifyUserOp('development', { id: 'u2', name: 'Bo' }, now)]);
  });
});

describe('subscriptions', () => {
  it('tells a user and an object of the same id apart', () => {
    expect(subscriptionId('development', 'projects', 'p1', user('x'))).not.toBe(subscriptionId('development', 'projects', 'p1', object('teams', 'x')));
  });

  it('stores each recipient once, as a reference, with the properties sent replacing the old ones', () => {
    const ops = subscribeOps('development', { collection: 'projects', object_id: 'p1', recipients: [user('u1', { name: 'Ada' }), user('u1'), object('teams', 't1')], properties: { role: 'owner' } }, now);
    expect(ops).toHaveLength(2);
    expect(ops[0].updateOne.update).toEqual({
      $set: { updatedAt: now, properties: { role: 'owner' } },
      $setOnInsert: { environment: 'development', collection: 'projects', objectId: 'p1', recipient: { kind: 'user', id: 'u1' }, createdAt: now },
    });
    expect(ops[1].updateOne.update.$setOnInsert.recipient).toEqual({ kind: 'object', collection: 'teams', id: 't1' });
  });

  it('keeps the properties a subscription has when none are sent', () => {
    const [op] = subscribeOps('development', { collection: 'projects', object_id: 'p1', recipients: [user('u1')] }, now);
    expect(op.updateOne.update.$set).toEqual({ updatedAt: now });
    expect(op.updateOne.update.$setOnInsert.properties).toEqual({});
  });

  it('unsubscribes by the same ids', () => {
    expect(unsubscribeOps('development', { collection: 'projects', object_id: 'p1', recipients: [user('u1')] })).toEqual([
      { deleteOne: { filter: { _id: subscriptionId('development', 'projects', 'p1', user('u1')) } } },
    ]);
  });
});

describe('audience members', () => {
  it('keeps one membership per user and tenant', () => {
    expect(memberId('development', 'vip', 'u1', 't1')).not.toBe(memberId('development', 'vip', 'u1', undefined));
    const ops = addMemberOps('development', { audience_key: 'vip', user_ids: ['u1', 'u1', 'u2'] }, now);
    expect(ops.map((o) => o.updateOne.update.$setOnInsert)).toEqual([
      { environment: 'development', audienceKey: 'vip', userId: 'u1', tenant: null, createdAt: now },
      { environment: 'development', audienceKey: 'vip', userId: 'u2', tenant: null, createdAt: now },
    ]);
  });
});

describe('runIdOf', () => {
  it('is the same for the same action and recipient, and differs otherwise', () => {
    expect(runIdOf('act_1', user('u1'))).toBe(runIdOf('act_1', user('u1', { name: 'Ada' })));
    expect(runIdOf('act_1', user('u1'))).toMatch(/^wr_[A-Za-z0-9_-]{26}$/);
    const ids = [runIdOf('act_1', user('u1')), runIdOf('act_2', user('u1')), runIdOf('act_1', user('u2')), runIdOf('act_1', object('users', 'u1'))];
    expect(new Set(ids).size).toBe(4);
  });
});

describe('workflowRuns', () => {
  it('makes one pending run per distinct recipient, with the trigger context', () => {
    const runs = workflowRuns(
      ctx,
      { key: 'welcome', recipients: [user('u1', { email: 'a@b.c' }), user('u1'), object('projects', 'p1')], actor: user('u9', { name: 'Z' }), tenant: { id: 't1', profile: { name: 'T' } }, cancellation_key: 'ck', data: { a: 1 } },
      now,
    );
    expect(runs).toEqual([
      { _id: runIdOf('act_1', user('u1')), environment: 'development', workflow: 'welcome', recipient: { kind: 'user', id: 'u1' }, actor: { kind: 'user', id: 'u9' }, data: { a: 1 }, tenant: 't1', cancellationKey: 'ck', status: 'pending', eventId: 'evt_1', actionId: 'act_1', sourceKey: 'stripe', createdAt: now },
      expect.objectContaining({ _id: runIdOf('act_1', object('projects', 'p1')), recipient: { kind: 'object', collection: 'projects', id: 'p1' } }),
    ]);
  });

  it('defaults data to an empty object and leaves unset options out', () => {
    const [run] = workflowRuns(ctx, { key: 'welcome', recipients: [user('u1')] }, now);
    expect(run.data).toEqual({});
    expect(run).not.toHaveProperty('actor');
    expect(workflowTriggered(run)).toEqual({ runId: run._id, workflow: 'welcome', recipient: { kind: 'user', id: 'u1' }, data: {}, actionId: 'act_1', triggeredAt: now.toISOString() });
  });

  it('inserts a run only if its id is new', () => {
    const [run] = workflowRuns(ctx, { key: 'welcome', recipients: [user('u1')] }, now);
    const { _id, ...fields } = run;
    expect(insertRunOp(run)).toEqual({ updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true } });
  });
});

describe('runsToCancel', () => {
  const runs = [
    { _id: 'r1', recipient: user('u1'), status: 'pending' as const },
    { _id: 'r2', recipient: object('users', 'u1'), status: 'pending' as const },
    { _id: 'r3', recipient: user('u2'), status: 'canceled' as const },
  ];

  it('takes every pending run without recipients, and only theirs with', () => {
    expect(runsToCancel(runs, undefined)).toEqual(['r1', 'r2']);
    expect(runsToCancel(runs, [user('u1'), user('u2')])).toEqual(['r1']);
  });
});
