import { Schema, type Connection, type Model } from 'mongoose';
import type { MappingConfig, SourceEnvironmentConfig, SourceType, WorkflowStatus } from '@inlet/contracts';
import type { TriggerSchemaMapping } from '@inlet/domain/mapping';

/**
 * What makes a stored config document safe to change and to publish. Every write adds one to
 * `version` and is conditional on the version it read; `published` is false until the outbox relay
 * has put this version on the config topic; `deleted` marks a tombstone kept until its deletion is
 * published (reads skip it), after which the document is removed.
 */
export type Versioned = { version: number; published: boolean; deleted?: boolean };

/** Reads of versioned collections skip documents whose deletion is not yet published. */
export const LIVE = { deleted: { $ne: true } } as const;

/** A signing key as stored: sealed with the master key; only its prefix is ever shown again. */
export type StoredSigningKey = { id: string; prefix: string; sealedSecret: string; createdAt: Date; validUntil: Date | null };

/** A source environment as the api stores it: the contract record plus the endpoint token itself. */
export type StoredSourceEnvironment = Omit<SourceEnvironmentConfig, 'kind' | 'id' | 'version' | 'endpointTokenHash' | 'signingKeys'> & {
  _id: string;
  /** Shown in the endpoint URL; the config topic carries only its hash. */
  endpointToken: string;
  signingKeys: StoredSigningKey[];
  createdAt: Date;
  updatedAt: Date;
} & Versioned;

export type StoredMapping = Omit<MappingConfig, 'kind' | 'id' | 'version'> & { _id: string; createdAt: Date; updatedAt: Date } & Versioned;

/** A registered workflow: `_id` is its key; active in every environment not listed inactive in `statuses`. */
export type StoredWorkflow = { _id: string; name: string; statuses: Record<string, WorkflowStatus>; createdAt: Date; updatedAt: Date } & Versioned;

/** A workflow trigger: a source event that triggers the workflow, run as one mapping per environment of the source. */
export type StoredTrigger = {
  _id: string;
  workflow: string;
  sourceKey: string;
  event: string;
  mapping: TriggerSchemaMapping;
  statuses: Record<string, WorkflowStatus>;
  createdAt: Date;
  updatedAt: Date;
  /** Grows by one on every write; a change is conditional on it (triggers are not published: their mappings are). */
  version: number;
};

/** A source: the same key in every environment, one configuration per environment. */
export type StoredSource = { _id: string; name: string; description: string; type: SourceType; createdAt: Date; updatedAt: Date };

/** An environment every source exists in (`development` and `production` from the start). */
export type StoredEnvironment = { _id: string; createdAt: Date };

const sourceSchema = new Schema<StoredSource>(
  {
    _id: String,
    name: { type: String, required: true },
    description: { type: String, default: '' },
    type: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'sources', versionKey: false },
);

const environmentSchema = new Schema<StoredEnvironment>({ _id: String, createdAt: { type: Date, required: true } }, { collection: 'environments', versionKey: false });

const sourceEnvironmentSchema = new Schema<StoredSourceEnvironment>(
  {
    _id: String,
    sourceKey: { type: String, required: true },
    sourceType: { type: String, required: true },
    environment: { type: String, required: true },
    endpointToken: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    signingKeys: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    published: { type: Boolean, required: true },
    deleted: Boolean,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'source_environments', versionKey: false, minimize: false },
);
// One configuration per source and environment: a source environment is found by (source key, environment).
sourceEnvironmentSchema.index({ sourceKey: 1, environment: 1 }, { unique: true });

const mappingSchema = new Schema<StoredMapping>(
  {
    _id: String,
    sourceEnvironmentId: { type: String, required: true },
    eventType: { type: String, required: true },
    actionType: { type: String, required: true },
    triggerId: String,
    params: { type: Schema.Types.Mixed, required: true },
    active: { type: Boolean, required: true },
    version: { type: Number, required: true },
    published: { type: Boolean, required: true },
    deleted: Boolean,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'mappings', versionKey: false, minimize: false },
);
// Mappings of one environment and event type, in creation order.
mappingSchema.index({ sourceEnvironmentId: 1, eventType: 1, createdAt: 1 });

const workflowSchema = new Schema<StoredWorkflow>(
  {
    _id: String,
    name: { type: String, required: true },
    statuses: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    published: { type: Boolean, required: true },
    deleted: Boolean,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'workflows', versionKey: false, minimize: false },
);

const triggerSchema = new Schema<StoredTrigger>(
  {
    _id: String,
    workflow: { type: String, required: true },
    sourceKey: { type: String, required: true },
    event: { type: String, required: true },
    mapping: { type: Schema.Types.Mixed, default: {} },
    statuses: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'workflow_triggers', versionKey: false, minimize: false },
);

// No index on `published`: the relay's scan of these small collections every few seconds is cheap,
// and the local MongoDB-wire server scans for compound filters anyway.

export type ConfigStoreModels = {
  sources: Model<StoredSource>;
  environments: Model<StoredEnvironment>;
  sourceEnvironments: Model<StoredSourceEnvironment>;
  mappings: Model<StoredMapping>;
  workflows: Model<StoredWorkflow>;
  triggers: Model<StoredTrigger>;
};

export function configStoreModels(connection: Connection): ConfigStoreModels {
  return {
    sources: connection.models.StoredSource ?? connection.model('StoredSource', sourceSchema),
    environments: connection.models.StoredEnvironment ?? connection.model('StoredEnvironment', environmentSchema),
    sourceEnvironments: connection.models.StoredSourceEnvironment ?? connection.model('StoredSourceEnvironment', sourceEnvironmentSchema),
    mappings: connection.models.StoredMapping ?? connection.model('StoredMapping', mappingSchema),
    workflows: connection.models.StoredWorkflow ?? connection.model('StoredWorkflow', workflowSchema),
    triggers: connection.models.StoredTrigger ?? connection.model('StoredTrigger', triggerSchema),
  };
}
