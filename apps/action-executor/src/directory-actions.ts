import mongoose, { type Connection, type Model } from 'mongoose';
import type { Action, ActionParams, WorkflowConfig, WorkflowTriggered } from '@inlet/contracts';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { directoryIds, directoryModels, type WorkflowRun } from '@inlet/store/directory';
import {
  addMemberOps,
  identifyUserOp,
  inlineUserOps,
  insertRunOp,
  isBulkable,
  removeMemberOps,
  runsToCancel,
  setObjectOp,
  setTenantOp,
  subscribeOps,
  uniqueRecipients,
  unsubscribeOps,
  upsertResult,
  workflowRuns,
  workflowTriggered,
  type ActionContext,
  type BulkableAction,
} from './directory-ops';

/** Business failures: announced as action.failed, not recorded, so a redelivery tries again. */
export type FailureCode = 'workflow_missing' | 'workflow_inactive' | 'audience_missing' | 'object_missing' | 'store_rejected';
export type Outcome =
  | { ok: true; result: Record<string, unknown>; /** Runs to announce on workflowTriggered before the action is recorded. */ triggered?: WorkflowTriggered[] }
  | { ok: false; code: FailureCode; message: string };

/** Where trigger workflow looks workflows up: the config view. */
export type WorkflowLookup = { workflow(key: string): WorkflowConfig | undefined };

type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Op = Parameters<AnyModel['bulkWrite']>[0][number];
/** One write of a bulkable action: the collection's model and its bulk operation. */
type Write = [AnyModel, Op];

/**
 * Performs actions against the built-in directory. Every write goes by `_id` and is idempotent by
 * itself; exactly-once is the caller's executed-action record on top. A store that does not answer
 * throws (the batch is retried); a store that refuses an action's write is that action's
 * `store_rejected` outcome.
 */
export class DirectoryActions {
  private readonly d;

  constructor(
    connection: Connection,
    private readonly workflows: WorkflowLookup,
  ) {
    this.d = directoryModels(connection);
  }

  /**
   * Consecutive bulkable actions of one partition, in offset order, in two rounds: the users,
   * objects and tenants (one ordered bulk write per collection, in parallel: actions on different
   * collections never touch the same document, so their order does not matter), then every run of
   * the triggers in one bulk write, after the inline users and tenants they name. If the store
   * refuses a write, the actions are applied again one by one, in order, to find the one it refuses:
   * the writes are merges and inserts by id, so repeating those before it changes nothing.
   */
  async applyBulk(items: { ctx: ActionContext; action: BulkableAction }[], now: Date): Promise<Outcome[]> {
    const planned = items.map(({ ctx, action }) => this.plan(ctx, action, now));
    try {
      await this.write(planned.flatMap((p) => ('writes' in p ? p.writes : [])));
      return planned.map((p) => ('writes' in p ? p.outcome : p));
    } catch (err) {
      if (isRetriableMongoError(err) || !isStoreError(err)) throw err;
    }
    const outcomes: Outcome[] = [];
    for (const [i, p] of planned.entries()) {
      outcomes.push('writes' in p ? await this.guard(items[i].action, async () => (await this.write(p.writes), p.outcome)) : p);
    }
    return outcomes;
  }

  /** Any action alone. */
  async apply(ctx: ActionContext, action: Action, now: Date): Promise<Outcome> {
    if (isBulkable(action)) return (await this.applyBulk([{ ctx, action }], now))[0];
    return this.guard(action, () => this.perform(ctx, action, now));
  }

  /** A bulkable action's writes and its outcome once they are done, or the failure it is without writing. */
  private plan(ctx: ActionContext, action: BulkableAction, now: Date): { writes: Write[]; outcome: Outcome } | Outcome {
    const env = ctx.environment;
    switch (action.type) {
      case 'identify_user':
        return { writes: [[this.d.users, identifyUserOp(env, action.params, now)]], outcome: { ok: true, result: upsertResult(action) } };
      case 'set_object':
        return { writes: [[this.d.objects, setObjectOp(env, action.params, now)]], outcome: { ok: true, result: upsertResult(action) } };
      case 'set_tenant':
        return { writes: [[this.d.tenants, setTenantOp(env, action.params, now)]], outcome: { ok: true, result: upsertResult(action) } };
      case 'trigger_workflow':
        return this.planTrigger(ctx, action.params, now);
    }
  }

  private planTrigger(ctx: ActionContext, params: ActionParams<'trigger_workflow'>, now: Date): { writes: Write[]; outcome: Outcome } | Outcome {
    const env = ctx.environment;
    const workflow = this.workflows.workflow(params.key);
    if (!workflow) return { ok: false, code: 'workflow_missing', message: `workflow "${params.key}" is not registered (environment "${env}")` };
    if (workflow.statuses[env] === 'inactive') {
      return { ok: false, code: 'workflow_inactive', message: `workflow "${params.key}" is inactive in environment "${env}"` };
    }
    const tenant = params.tenant;
    const runs = workflowRuns(ctx, params, now);
    const writes: Write[] = [
      ...inlineUserOps(env, [...params.recipients, params.actor], now).map((op): Write => [this.d.users, op]),
      ...(tenant?.profile ? [[this.d.tenants, setTenantOp(env, { ...tenant.profile, id: tenant.id }, now)] as Write] : []),
      ...runs.map((run): Write => [this.d.workflowRuns, insertRunOp(run)]),
    ];
    return { writes, outcome: { ok: true, result: { workflow: params.key, workflow_run_ids: runs.map((r) => r._id) }, triggered: runs.map(workflowTriggered) } };
  }

  /**
   * One ordered bulk write per collection, the directory's entities first and the runs after them.
   * Every write of a round is waited for, so a failure leaves none in flight; a failure the batch
   * must be retried for wins over one the store refused.
   */
  private async write(writes: Write[]): Promise<void> {
    for (const round of [writes.filter(([model]) => model !== this.d.workflowRuns), writes.filter(([model]) => model === this.d.workflowRuns)]) {
      const byModel = new Map<AnyModel, Op[]>();
      for (const [model, op] of round) byModel.set(model, [...(byModel.get(model) ?? []), op]);
      const settled = await Promise.allSettled([...byModel].map(([model, ops]) => model.bulkWrite(ops, { ordered: true })));
      const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      if (failures.length > 0) throw failures.find((err) => isRetriableMongoError(err) || !isStoreError(err)) ?? failures[0];
    }
  }

  private async perform(ctx: ActionContext, action: Exclude<Action, BulkableAction>, now: Date): Promise<Outcome> {
    const env = ctx.environment;
    switch (action.type) {
      case 'delete_user': {
        const { id } = action.params;
        return { ok: true, result: { user_id: id, deleted: await deleted(this.d.users, directoryIds.user(env, id)) } };
      }
      case 'delete_object': {
        const { collection, id } = action.params;
        return { ok: true, result: { collection, object_id: id, deleted: await deleted(this.d.objects, directoryIds.object(env, collection, id)) } };
      }
      case 'delete_tenant': {
        const { id } = action.params;
        return { ok: true, result: { tenant_id: id, deleted: await deleted(this.d.tenants, directoryIds.tenant(env, id)) } };
      }
      case 'subscribe':
        return this.subscribe(env, action.params, now);
      case 'unsubscribe': {
        const { collection, object_id, recipients } = action.params;
        await this.d.subscriptions.bulkWrite(unsubscribeOps(env, action.params), { ordered: true });
        return { ok: true, result: { collection, object_id, unsubscribed: uniqueRecipients(recipients).map((r) => r.id) } };
      }
      case 'add_audience_members':
        return this.addMembers(env, action.params, now);
      case 'remove_audience_members': {
        const { audience_key, user_ids } = action.params;
        await this.d.audienceMembers.bulkWrite(removeMemberOps(env, action.params), { ordered: true });
        await this.d.audiences.updateOne({ _id: directoryIds.audience(env, audience_key) }, { $set: { updatedAt: now } });
        return { ok: true, result: { audience_key, user_ids: [...new Set(user_ids)] } };
      }
      case 'cancel_workflow':
        return this.cancel(env, action.params, now);
    }
  }

  private async subscribe(env: string, params: ActionParams<'subscribe'>, now: Date): Promise<Outcome> {
    const { collection, object_id } = params;
    if (!(await this.d.objects.exists({ _id: directoryIds.object(env, collection, object_id) }))) {
      return { ok: false, code: 'object_missing', message: `object "${object_id}" in collection "${collection}" does not exist in environment "${env}": set it before subscribing to it` };
    }
    await this.identifyInline(env, params.recipients, now);
    await this.d.subscriptions.bulkWrite(subscribeOps(env, params, now), { ordered: true });
    return { ok: true, result: { collection, object_id, subscribed: uniqueRecipients(params.recipients).map((r) => r.id) } };
  }

  private async addMembers(env: string, params: ActionParams<'add_audience_members'>, now: Date): Promise<Outcome> {
    const _id = directoryIds.audience(env, params.audience_key);
    if (params.create_audience) {
      await this.d.audiences.updateOne({ _id }, { $set: { updatedAt: now }, $setOnInsert: { environment: env, key: params.audience_key, createdAt: now } }, { upsert: true });
    } else if ((await this.d.audiences.updateOne({ _id }, { $set: { updatedAt: now } })).matchedCount === 0) {
      return { ok: false, code: 'audience_missing', message: `audience "${params.audience_key}" does not exist in environment "${env}" (create_audience would create it)` };
    }
    await this.d.audienceMembers.bulkWrite(addMemberOps(env, params, now), { ordered: true });
    return { ok: true, result: { audience_key: params.audience_key, user_ids: [...new Set(params.user_ids)] } };
  }

  /**
   * Cancels the pending runs of that workflow and cancellation key. Not by `_id`, so a collection
   * scan on the local store; cancellations are rare next to identifies and triggers.
   */
  private async cancel(env: string, params: ActionParams<'cancel_workflow'>, now: Date): Promise<Outcome> {
    const { key, cancellation_key } = params;
    const pending = await this.d.workflowRuns
      .find({ environment: env, workflow: key, cancellationKey: cancellation_key, status: 'pending' }, { _id: 1, recipient: 1, status: 1 })
      .lean<Pick<WorkflowRun, '_id' | 'recipient' | 'status'>[]>();
    const ids = runsToCancel(pending, params.recipients).sort();
    if (ids.length > 0) await this.d.workflowRuns.updateMany({ _id: { $in: ids }, status: 'pending' }, { $set: { status: 'canceled', canceledAt: now } });
    return { ok: true, result: { workflow: key, cancellation_key, canceled_run_ids: ids } };
  }

  /** Inline users (sent with a profile) are identified before the action that names them. */
  private async identifyInline(env: string, recipients: Parameters<typeof inlineUserOps>[1], now: Date): Promise<void> {
    const ops = inlineUserOps(env, recipients, now);
    if (ops.length > 0) await this.d.users.bulkWrite(ops, { ordered: true });
  }

  /** A write the store refuses fails this action; a store that does not answer (or a bug) fails the batch. */
  private async guard(action: Action, fn: () => Promise<Outcome>): Promise<Outcome> {
    try {
      return await fn();
    } catch (err) {
      if (isRetriableMongoError(err) || !isStoreError(err)) throw err;
      return { ok: false, code: 'store_rejected', message: `the directory store refused ${action.type}: ${(err as Error).message}` };
    }
  }
}

async function deleted(model: AnyModel, _id: string): Promise<boolean> {
  return (await model.deleteOne({ _id })).deletedCount > 0;
}

function isStoreError(err: unknown): boolean {
  return err instanceof mongoose.Error || err instanceof mongoose.mongo.MongoError;
}
