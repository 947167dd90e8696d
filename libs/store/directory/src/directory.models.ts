import { Schema, type Connection, type Model } from 'mongoose';
import type { Recipient, TenantProfile, UserProfile } from '@inlet/contracts';

/**
 * The built-in directory, per environment: users, objects, tenants, subscriptions, audiences and
 * workflow runs. The action-executor is its only writer; the api reads it. Every document's `_id`
 * is its natural key (see `directoryKey`), so every write and every single read goes by `_id`:
 * compound filters are collection scans on the local MongoDB-wire server.
 */

/** The `_id` of a directory document from its key parts: unambiguous whatever the parts contain. */
export function directoryKey(...parts: string[]): string {
  return JSON.stringify(parts);
}

/** The `_id`s of the entities the api reads one by one and the executor writes. */
export const directoryIds = {
  user: (environment: string, id: string) => directoryKey(environment, id),
  object: (environment: string, collection: string, id: string) => directoryKey(environment, collection, id),
  tenant: (environment: string, id: string) => directoryKey(environment, id),
  audience: (environment: string, key: string) => directoryKey(environment, key),
};

type Timestamps = { createdAt: Date; updatedAt: Date };

export type DirectoryUser = { _id: string; environment: string; id: string } & Omit<UserProfile, 'properties'> & { properties: Record<string, unknown> } & Timestamps;
export type DirectoryObject = { _id: string; environment: string; collection: string; id: string; name?: string; properties: Record<string, unknown> } & Timestamps;
export type DirectoryTenant = { _id: string; environment: string; id: string; name?: string; settings: NonNullable<TenantProfile['settings']>; properties: Record<string, unknown> } & Timestamps;
/** A recipient subscribed to an object; `_id` = key(environment, collection, objectId, recipient kind, recipient collection or '', recipient id). */
export type DirectorySubscription = { _id: string; environment: string; collection: string; objectId: string; recipient: Recipient; properties: Record<string, unknown> } & Timestamps;
export type DirectoryAudience = { _id: string; environment: string; key: string } & Timestamps;
/** A user in an audience, optionally for one tenant; `_id` = key(environment, audience key, user id, tenant or ''). */
export type DirectoryAudienceMember = { _id: string; environment: string; audienceKey: string; userId: string; tenant: string | null; createdAt: Date };
export type WorkflowRunStatus = 'pending' | 'canceled';
/** One run of a workflow for one recipient; `_id` is the run id. */
export type WorkflowRun = {
  _id: string;
  environment: string;
  workflow: string;
  recipient: Recipient;
  actor?: Recipient;
  data: Record<string, unknown>;
  tenant?: string;
  cancellationKey?: string;
  status: WorkflowRunStatus;
  eventId: string;
  actionId: string;
  sourceKey: string;
  createdAt: Date;
  canceledAt?: Date;
};

const options = { versionKey: false, minimize: false } as const;
const mixed = { type: Schema.Types.Mixed, default: {} };
const str = { type: String, required: true };
const date = { type: Date, required: true };

const userSchema = new Schema<DirectoryUser>(
  {
    _id: String,
    environment: str,
    id: str,
    name: String,
    email: String,
    phone_number: String,
    avatar: String,
    locale: String,
    timezone: String,
    properties: mixed,
    createdAt: date,
    updatedAt: date,
  },
  { ...options, collection: 'directory_users' },
);

const objectSchema = new Schema<DirectoryObject>(
  { _id: String, environment: str, collection: str, id: str, name: String, properties: mixed, createdAt: date, updatedAt: date },
  { ...options, collection: 'directory_objects', suppressReservedKeysWarning: true },
);

const tenantSchema = new Schema<DirectoryTenant>(
  { _id: String, environment: str, id: str, name: String, settings: mixed, properties: mixed, createdAt: date, updatedAt: date },
  { ...options, collection: 'directory_tenants' },
);

const subscriptionSchema = new Schema<DirectorySubscription>(
  { _id: String, environment: str, collection: str, objectId: str, recipient: { type: Schema.Types.Mixed, required: true }, properties: mixed, createdAt: date, updatedAt: date },
  { ...options, collection: 'directory_subscriptions', suppressReservedKeysWarning: true },
);
// An object's subscribers (GET .../subscriptions); used by a real MongoDB, ignored by the local server.
subscriptionSchema.index({ environment: 1, collection: 1, objectId: 1 });

const audienceSchema = new Schema<DirectoryAudience>({ _id: String, environment: str, key: str, createdAt: date, updatedAt: date }, { ...options, collection: 'directory_audiences' });

const memberSchema = new Schema<DirectoryAudienceMember>(
  { _id: String, environment: str, audienceKey: str, userId: str, tenant: { type: String, default: null }, createdAt: date },
  { ...options, collection: 'directory_audience_members' },
);
memberSchema.index({ environment: 1, audienceKey: 1 });

const runSchema = new Schema<WorkflowRun>(
  {
    _id: String,
    environment: str,
    workflow: str,
    recipient: { type: Schema.Types.Mixed, required: true },
    actor: Schema.Types.Mixed,
    data: mixed,
    tenant: String,
    cancellationKey: String,
    status: { type: String, enum: ['pending', 'canceled'], required: true },
    eventId: str,
    actionId: str,
    sourceKey: str,
    createdAt: date,
    canceledAt: Date,
  },
  { ...options, collection: 'workflow_runs' },
);
// GET /v1/workflow-runs filters and cancel workflow; used by a real MongoDB, ignored by the local server.
runSchema.index({ environment: 1, workflow: 1, createdAt: -1 });
runSchema.index({ environment: 1, cancellationKey: 1 });

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/** Every directory model of the connection, e.g. to build their indexes before the first write. */
export function directoryModels(connection: Connection) {
  return {
    users: model(connection, 'DirectoryUser', userSchema),
    objects: model(connection, 'DirectoryObject', objectSchema),
    tenants: model(connection, 'DirectoryTenant', tenantSchema),
    subscriptions: model(connection, 'DirectorySubscription', subscriptionSchema),
    audiences: model(connection, 'DirectoryAudience', audienceSchema),
    audienceMembers: model(connection, 'DirectoryAudienceMember', memberSchema),
    workflowRuns: model(connection, 'WorkflowRun', runSchema),
  };
}
