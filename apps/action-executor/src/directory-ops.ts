import { createHash } from 'node:crypto';
import type { Action, ActionOf, ActionParams, Recipient, TenantProfile, UserProfile, WorkflowTriggered } from '@inlet/contracts';
import { directoryIds, directoryKey, type WorkflowRun } from '@inlet/store/directory';

// Pure builders of the directory's write operations, one per action type, in the shape of
// mongoose's bulkWrite. Every document is addressed by its `_id` (a directoryKey), and every write is
// a merge, an upsert by `_id` or a delete by `_id`: applying one twice leaves what applying it once
// left, which is what makes a crash between the effect and the executed-action record harmless.

/** The part of one action request the builders need besides the parameters. */
export type ActionContext = { environment: string; eventId: string; sourceKey: string; actionId: string };

type Fields = Record<string, unknown>;

/** Upserts of users, objects and tenants by `_id`. */
export type UpsertAction = ActionOf<'identify_user' | 'set_object' | 'set_tenant'>;
/**
 * The actions whose writes follow from their parameters alone, with no read first: the upserts and
 * trigger workflow (inline users and tenant upserted, runs inserted by id). The frequent ones
 * (identify and trigger on most events), and safe to batch in order.
 */
export type BulkableAction = UpsertAction | ActionOf<'trigger_workflow'>;
const BULKABLE = new Set<Action['type']>(['identify_user', 'set_object', 'set_tenant', 'trigger_workflow']);

export function isBulkable(action: Action): action is BulkableAction {
  return BULKABLE.has(action.type);
}

/** The result of an upsert: the key of what it wrote. */
export function upsertResult(action: UpsertAction): Record<string, unknown> {
  switch (action.type) {
    case 'identify_user':
      return { user_id: action.params.id };
    case 'set_object':
      return { collection: action.params.collection, object_id: action.params.id };
    case 'set_tenant':
      return { tenant_id: action.params.id };
  }
}

/** `{ $set, $setOnInsert }` of a merge upsert: sent fields change, `maps` merge key by key, the key fields are written on insert. */
function mergeUpdate(keyFields: Fields, fields: Fields, maps: Record<string, Record<string, unknown> | undefined>, now: Date) {
  const set: Fields = { ...defined(fields), updatedAt: now };
  const setOnInsert: Fields = { ...keyFields, createdAt: now };
  for (const [field, values] of Object.entries(maps)) {
    const entries = Object.entries(values ?? {});
    // An empty map on insert only: `$set` of `field.x` and `$setOnInsert` of `field` would conflict.
    if (entries.length === 0) setOnInsert[field] = {};
    for (const [name, value] of entries) set[`${field}.${name}`] = value;
  }
  return { $set: set, $setOnInsert: setOnInsert };
}

function defined(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function upsert(_id: string, update: ReturnType<typeof mergeUpdate>) {
  return { updateOne: { filter: { _id }, update, upsert: true } };
}

/** identify user: a merge, so only the fields sent change; custom properties merge key by key. */
export function identifyUserOp(environment: string, params: { id: string } & UserProfile, now: Date) {
  const { id, properties, ...fields } = params;
  return upsert(directoryIds.user(environment, id), mergeUpdate({ environment, id }, fields, { properties }, now));
}

/** set object: a merge of its name and custom properties. */
export function setObjectOp(environment: string, params: ActionParams<'set_object'>, now: Date) {
  const { collection, id, properties, ...fields } = params;
  return upsert(directoryIds.object(environment, collection, id), mergeUpdate({ environment, collection, id }, fields, { properties }, now));
}

/** set tenant: a merge; settings and custom properties both merge key by key. */
export function setTenantOp(environment: string, params: { id: string } & TenantProfile, now: Date) {
  const { id, settings, properties, ...fields } = params;
  return upsert(directoryIds.tenant(environment, id), mergeUpdate({ environment, id }, fields, { settings, properties }, now));
}

export function deleteOp(_id: string) {
  return { deleteOne: { filter: { _id } } };
}

/** A recipient as stored and announced: the reference only (an inline profile is identified into the directory). */
export function recipientRef(recipient: Recipient): Recipient {
  return recipient.kind === 'object' ? { kind: 'object', collection: recipient.collection, id: recipient.id } : { kind: 'user', id: recipient.id };
}

/** Key parts of a recipient: a user and an object of the same id are different recipients. */
function recipientParts(recipient: Recipient): string[] {
  return [recipient.kind, recipient.kind === 'object' ? recipient.collection : '', recipient.id];
}

const recipientKey = (recipient: Recipient) => directoryKey(...recipientParts(recipient));

export function sameRecipient(a: Recipient, b: Recipient): boolean {
  return recipientKey(a) === recipientKey(b);
}

/** Each recipient once, in first-seen order. */
export function uniqueRecipients(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = recipientKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The identify upserts for the inline users (those sent with a profile) among `recipients`. */
export function inlineUserOps(environment: string, recipients: (Recipient | undefined)[], now: Date) {
  return recipients.flatMap((r) => (r?.kind === 'user' && r.profile ? [identifyUserOp(environment, { ...r.profile, id: r.id }, now)] : []));
}

export function subscriptionId(environment: string, collection: string, objectId: string, recipient: Recipient): string {
  return directoryKey(environment, collection, objectId, ...recipientParts(recipient));
}

/**
 * subscribe: one subscription per recipient. Properties sent replace the subscription's; none sent
 * keeps those it has (empty for a new one).
 */
export function subscribeOps(environment: string, params: ActionParams<'subscribe'>, now: Date) {
  const { collection, object_id, properties } = params;
  return uniqueRecipients(params.recipients).map((recipient) => {
    const set: Fields = { updatedAt: now };
    const setOnInsert: Fields = { environment, collection, objectId: object_id, recipient: recipientRef(recipient), createdAt: now };
    if (properties) set.properties = properties;
    else setOnInsert.properties = {};
    return { updateOne: { filter: { _id: subscriptionId(environment, collection, object_id, recipient) }, update: { $set: set, $setOnInsert: setOnInsert }, upsert: true } };
  });
}

export function unsubscribeOps(environment: string, params: ActionParams<'unsubscribe'>) {
  return uniqueRecipients(params.recipients).map((r) => deleteOp(subscriptionId(environment, params.collection, params.object_id, r)));
}

/** A membership is per user and tenant: the same user can be in an audience for several tenants. */
export function memberId(environment: string, audienceKey: string, userId: string, tenant: string | undefined): string {
  return directoryKey(environment, audienceKey, userId, tenant ?? '');
}

export function addMemberOps(environment: string, params: ActionParams<'add_audience_members'>, now: Date) {
  const { audience_key: audienceKey, tenant } = params;
  return [...new Set(params.user_ids)].map((userId) => ({
    updateOne: {
      filter: { _id: memberId(environment, audienceKey, userId, tenant) },
      update: { $setOnInsert: { environment, audienceKey, userId, tenant: tenant ?? null, createdAt: now } },
      upsert: true,
    },
  }));
}

export function removeMemberOps(environment: string, params: ActionParams<'remove_audience_members'>) {
  return [...new Set(params.user_ids)].map((userId) => deleteOp(memberId(environment, params.audience_key, userId, params.tenant)));
}

/**
 * The run id of one recipient of one trigger action: the same on every redelivery, so a trigger
 * applied twice finds its runs instead of creating new ones, and announces the same ids again.
 */
export function runIdOf(actionId: string, recipient: Recipient): string {
  const digest = createHash('sha256').update(directoryKey(actionId, ...recipientParts(recipient))).digest('base64url');
  return `wr_${digest.slice(0, 26)}`;
}

/** trigger workflow: one pending run per distinct recipient. */
export function workflowRuns(ctx: ActionContext, params: ActionParams<'trigger_workflow'>, now: Date): WorkflowRun[] {
  return uniqueRecipients(params.recipients).map((recipient) => {
    const run: WorkflowRun = {
      _id: runIdOf(ctx.actionId, recipient),
      environment: ctx.environment,
      workflow: params.key,
      recipient: recipientRef(recipient),
      data: params.data ?? {},
      status: 'pending',
      eventId: ctx.eventId,
      actionId: ctx.actionId,
      sourceKey: ctx.sourceKey,
      createdAt: now,
    };
    if (params.actor) run.actor = recipientRef(params.actor);
    if (params.tenant) run.tenant = params.tenant.id;
    if (params.cancellation_key) run.cancellationKey = params.cancellation_key;
    return run;
  });
}

/** Inserts a run unless it exists: a redelivered trigger changes nothing, not even a canceled run's status. */
export function insertRunOp(run: WorkflowRun) {
  const { _id, ...fields } = run;
  return { updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true } };
}

/** The announcement of one run for a team's own notification engine. */
export function workflowTriggered(run: WorkflowRun): WorkflowTriggered {
  return {
    runId: run._id,
    workflow: run.workflow,
    recipient: run.recipient,
    ...(run.actor ? { actor: run.actor } : {}),
    data: run.data,
    ...(run.tenant ? { tenant: run.tenant } : {}),
    ...(run.cancellationKey ? { cancellationKey: run.cancellationKey } : {}),
    actionId: run.actionId,
    triggeredAt: run.createdAt.toISOString(),
  };
}

/** The runs cancel workflow applies to: pending ones of that key, of the given recipients if any. */
export function runsToCancel(runs: Pick<WorkflowRun, '_id' | 'recipient' | 'status'>[], recipients: Recipient[] | undefined): string[] {
  return runs.filter((run) => run.status === 'pending' && (!recipients || recipients.some((r) => sameRecipient(r, run.recipient)))).map((run) => run._id);
}
