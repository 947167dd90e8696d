import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { SourceSettingsSchema, type ConfigRecord, type SourceSettings, type SourceType, type WorkflowStatus } from '@inlet/contracts';
import { Publisher, publishConfig, type ConfigTombstone } from '@inlet/platform/kafka';
import { SecretBox } from '@inlet/platform/secrets';
import { LOGGER, MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '@inlet/platform/service';
import { API_CONFIG, type ApiConfig } from './config';
import { sealSigningKey } from './signing-keys';
import { configStoreModels, type ConfigStoreModels, type StoredMapping, type StoredSourceEnvironment, type StoredWorkflow } from './config-store.models';

/** Environments that exist from the start; more can be created. */
const DEFAULT_ENVIRONMENTS = ['development', 'production'];
const DEMO_SOURCE = 'demo';
const DEMO_MAPPING_ID = 'demo-identify-signed-up-user';
const DEMO_TRIGGER_ID = 'demo-welcome-signed-up-user';
const DEMO_WORKFLOW = 'welcome';

/** An unguessable endpoint token: the sender's only credential. */
export const newEndpointToken = () => randomBytes(24).toString('base64url');
export const sourceEnvironmentId = (sourceKey: string, environment: string) => `${sourceKey}.${environment}`;

/**
 * The api is the only writer of configuration: it stores it in MongoDB and publishes every record
 * to the compacted config topic, from which the other services keep their in-memory view. At boot it
 * publishes everything again, so a broker that lost the topic is brought back in line.
 */
@Injectable()
export class ConfigStore implements OnApplicationBootstrap {
  readonly models: ConfigStoreModels;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly publisher: Publisher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly box: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.models = configStoreModels(connection);
  }

  async onApplicationBootstrap(): Promise<void> {
    const now = new Date();
    await this.models.environments.bulkWrite(
      DEFAULT_ENVIRONMENTS.map((name) => ({ updateOne: { filter: { _id: name }, update: { $setOnInsert: { createdAt: now } }, upsert: true } })),
    );
    if (this.config.INLET_DEMO_ENDPOINT_TOKEN) await this.seedDemo(this.config.INLET_DEMO_ENDPOINT_TOKEN, this.config.INLET_DEMO_SIGNING_KEY, now);
    const [environments, mappings, workflows] = await Promise.all([
      this.models.sourceEnvironments.find().lean(),
      this.models.mappings.find().lean(),
      this.models.workflows.find().lean(),
    ]);
    await this.publish([...environments.map(environmentRecord), ...mappings.map(mappingRecord), ...workflows.map(workflowRecord)]);
    this.logger.info({ environments: environments.length, mappings: mappings.length, workflows: workflows.length }, 'configuration published');
  }

  /** Hands records (or deletions) to every service; resolves once Kafka holds them. */
  publish(records: (ConfigRecord | ConfigTombstone)[]): Promise<void> {
    return publishConfig(this.publisher, records);
  }

  /**
   * Every given source in every given environment, each new one with default settings and a fresh
   * endpoint (nothing is copied); one that exists is left as it is. Returns them as stored.
   */
  async createSourceEnvironments(sources: { key: string; type: SourceType }[], environments: string[], now: Date): Promise<StoredSourceEnvironment[]> {
    const created = sources.flatMap((source) =>
      environments.map(
        (environment): StoredSourceEnvironment => ({
          _id: sourceEnvironmentId(source.key, environment),
          sourceKey: source.key,
          sourceType: source.type,
          environment,
          endpointToken: newEndpointToken(),
          settings: defaultSettings(source.type),
          signingKeys: [],
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
    if (created.length === 0) return [];
    await this.models.sourceEnvironments.bulkWrite(created.map((stored) => ({ updateOne: { filter: { _id: stored._id }, update: { $setOnInsert: stored }, upsert: true } })));
    return this.models.sourceEnvironments.find({ _id: { $in: created.map((c) => c._id) } }).lean<StoredSourceEnvironment[]>();
  }

  /** The names of every environment, in name order. */
  async environmentNames(): Promise<string[]> {
    return (await this.models.environments.find().sort({ _id: 1 }).lean()).map((e) => e._id);
  }

  /**
   * The names of every environment, after checking that each environment a per-environment status
   * names exists (400 naming it otherwise).
   */
  async environmentsFor(statuses: Record<string, unknown>): Promise<string[]> {
    const environments = await this.environmentNames();
    const unknown = Object.keys(statuses).find((name) => !environments.includes(name));
    if (unknown !== undefined) throw new ApiError(400, 'invalid_request', `status.${unknown}: no environment "${unknown}"`);
    return environments;
  }

  /**
   * The demo source of `npm start`: its development endpoint has the configured token (and signing
   * key, unenforced), and its `user.signed_up` events identify a user and trigger the `welcome`
   * workflow for them. The token and key follow `.data/` at every boot so the printed example always
   * works; the rest (workflow and mappings included) is created once and later edits are kept.
   */
  private async seedDemo(endpointToken: string, signingKey: string | undefined, now: Date): Promise<void> {
    await this.models.sources.updateOne(
      { _id: DEMO_SOURCE },
      { $setOnInsert: { name: 'Demo', description: 'Created by npm start', type: 'custom', createdAt: now, updatedAt: now } },
      { upsert: true },
    );
    await this.createSourceEnvironments([{ key: DEMO_SOURCE, type: 'custom' }], await this.environmentNames(), now);
    const development = sourceEnvironmentId(DEMO_SOURCE, 'development');
    await this.models.sourceEnvironments.updateOne({ _id: development }, { $set: { endpointToken } });
    if (signingKey) {
      const sealed = { id: 'demo-key', prefix: signingKey.slice(0, 10), sealedSecret: sealSigningKey(this.box, development, 'demo-key', signingKey), createdAt: now, validUntil: null };
      await this.models.sourceEnvironments.updateOne({ _id: development, signingKeys: { $size: 0 } }, { $set: { signingKeys: [sealed] } });
      // A .data/ from before keys were bound to their environment: bind the demo key now.
      await this.models.sourceEnvironments.updateOne(
        { _id: development, signingKeys: { $elemMatch: { id: 'demo-key', sealedSecret: { $regex: '^v1:' } } } },
        { $set: { 'signingKeys.$.sealedSecret': sealSigningKey(this.box, development, 'demo-key', signingKey) } },
      );
    }
    await this.models.workflows.updateOne(
      { _id: DEMO_WORKFLOW },
      { $setOnInsert: { name: 'Welcome', statuses: {}, createdAt: now, updatedAt: now } },
      { upsert: true },
    );
    const demoMappings: Omit<StoredMapping, 'createdAt' | 'updatedAt'>[] = [
      {
        _id: DEMO_MAPPING_ID,
        sourceEnvironmentId: development,
        eventType: 'user.signed_up',
        actionType: 'identify_user',
        params: { id: { path: 'data.user.id' }, email: { path: 'data.user.email' }, name: { path: 'data.user.name' } },
        active: true,
      },
      {
        _id: DEMO_TRIGGER_ID,
        sourceEnvironmentId: development,
        eventType: 'user.signed_up',
        actionType: 'trigger_workflow',
        params: { key: { literal: DEMO_WORKFLOW }, recipients: { path: 'data.user.id' }, 'data.email': { path: 'data.user.email' } },
        active: true,
      },
    ];
    await this.models.mappings.bulkWrite(
      demoMappings.map(({ _id, ...mapping }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: { ...mapping, createdAt: now, updatedAt: now } }, upsert: true } })),
    );
  }
}

export function environmentRecord(stored: StoredSourceEnvironment): ConfigRecord {
  return {
    kind: 'source_environment',
    id: stored._id,
    sourceKey: stored.sourceKey,
    sourceType: stored.sourceType,
    environment: stored.environment,
    endpointTokenHash: createHash('sha256').update(stored.endpointToken).digest('hex'),
    settings: SourceSettingsSchema.parse(stored.settings),
    signingKeys: (stored.signingKeys ?? []).map((k) => ({ id: k.id, sealedSecret: k.sealedSecret, validUntil: k.validUntil ? new Date(k.validUntil).toISOString() : null })),
  };
}

export function mappingRecord(stored: StoredMapping): ConfigRecord {
  return {
    kind: 'mapping',
    id: stored._id,
    sourceEnvironmentId: stored.sourceEnvironmentId,
    eventType: stored.eventType,
    actionType: stored.actionType,
    params: stored.params,
    active: stored.active,
    ...(stored.triggerId ? { triggerId: stored.triggerId } : {}),
  };
}

/**
 * A new source environment's settings. A legacy HTTP source reads Segment track events: type at
 * `event`, time at `timestamp`, and `messageId` the idempotency key (24 h window).
 */
export function defaultSettings(type: SourceType): SourceSettings {
  const defaults = SourceSettingsSchema.parse({});
  if (type === 'custom') return defaults;
  return { ...defaults, eventTypePath: 'event', timestampPath: 'timestamp', idempotency: { ...defaults.idempotency, enabled: true, keyPath: 'messageId' } };
}

/** A per-environment status as the API shows it: every environment, active unless set inactive. */
export function statusPerEnvironment(statuses: Record<string, WorkflowStatus> | undefined, environments: string[]): Record<string, WorkflowStatus> {
  return Object.fromEntries(environments.map((env) => [env, statuses?.[env] ?? 'active']));
}

export function workflowRecord(stored: StoredWorkflow): ConfigRecord {
  return { kind: 'workflow', id: stored._id, name: stored.name, statuses: stored.statuses ?? {} };
}
