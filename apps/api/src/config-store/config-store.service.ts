import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { SourceSettingsSchema, type SourceSettings, type SourceType, type WorkflowStatus } from '@inlet/contracts';
import { Publisher } from '@inlet/platform/kafka';
import { SecretBox } from '@inlet/platform/secrets';
import { LOGGER, MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { API_CONFIG, type ApiConfig } from '../config';
import { resealLegacyKeys, sealSigningKey } from '../signing-keys/signing-keys';
import { configStoreModels, LIVE, type ConfigStoreModels, type StoredMapping, type StoredSourceEnvironment, type Versioned } from './config-store.models';
import { ConfigRelay } from './config-store.relay';

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
 * How long a write waits for its publication before answering. Normally a few milliseconds; with
 * Kafka away the write still succeeds (it is stored) and reaches the pipeline once Kafka is back.
 */
export const PUBLISH_WAIT_MS = 2_000;

/** How many times a change that commutes with others (adding or revoking a signing key) is tried again after losing a race. */
const COMMUTATIVE_ATTEMPTS = 8;

/**
 * The api is the only writer of configuration: it stores it in MongoDB, and the outbox relay
 * publishes every stored change to the compacted config topic, from which the other services keep
 * their in-memory view. Every write of a published document is conditional on the version it read
 * (409 `conflict` when another request changed it first) and leaves it `published: false` for the
 * relay. At boot everything is published again, so a broker that lost the topic is brought back in line.
 */
@Injectable()
export class ConfigStore implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly models: ConfigStoreModels;
  private readonly relay: ConfigRelay;

  constructor(
    @Inject(MONGO) connection: Connection,
    publisher: Publisher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly box: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.models = configStoreModels(connection);
    this.relay = new ConfigRelay(this.models, publisher, logger.child({ component: 'config-relay' }));
  }

  async onApplicationBootstrap(): Promise<void> {
    const now = new Date();
    await this.models.environments.bulkWrite(
      DEFAULT_ENVIRONMENTS.map((name) => ({ updateOne: { filter: { _id: name }, update: { $setOnInsert: { createdAt: now } }, upsert: true } })),
    );
    if (this.config.INLET_DEMO_ENDPOINT_TOKEN) await this.seedDemo(this.config.INLET_DEMO_ENDPOINT_TOKEN, this.config.INLET_DEMO_SIGNING_KEY, now);
    // Triggers stored before versions existed start at 1 (the relay does the same for what it publishes).
    await this.models.triggers.updateMany({ version: { $exists: false } }, { $set: { version: 1 } });
    await this.relay.markAllUnpublished();
    await this.published();
    const lagging = await this.relay.lagging();
    this.logger.info({ lagging }, lagging === 0 ? 'configuration published' : 'configuration stored; the relay publishes the rest once Kafka takes it');
    this.relay.startTimer(this.config.CONFIG_RELAY_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /**
   * Resolves once what was stored before the call is on the config topic, or once Kafka refused it
   * or has not acknowledged it within PUBLISH_WAIT_MS (then it stays stored, and the relay publishes
   * it once Kafka takes it). Never rejects: the write it follows has succeeded either way.
   */
  async published(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, PUBLISH_WAIT_MS)));
    await Promise.race([this.relay.flush(), waited]);
    clearTimeout(timer);
  }

  /** How many stored config documents wait for publication. */
  lagging(): Promise<number> {
    return this.relay.lagging();
  }

  /**
   * Replaces a published document if it is still at the version `next` was read at, as the next
   * version, to be published; 409 `conflict` naming `what` if another request changed it first.
   * With `expected` (the version the client last saw), 409 as well when that is not the current one.
   */
  async replaceAt<T extends { _id: string } & Versioned>(model: Model<T>, next: T, what: string, expected?: number): Promise<T> {
    if (expected !== undefined && expected !== next.version) throw conflict(what, next.version);
    const { deleted: _deleted, ...live } = next;
    const written = { ...live, version: next.version + 1, published: false } as T;
    const result = await model.replaceOne({ _id: next._id, version: next.version, ...LIVE } as never, written as never);
    if (result.matchedCount === 0) throw conflict(what);
    return written;
  }

  /**
   * Marks documents deleted (tombstones, kept until the relay has published their deletion), as
   * their next version: whatever version a concurrent change read, the deletion wins over it.
   */
  async markDeleted<T extends Versioned>(model: Model<T>, filter: Record<string, unknown>): Promise<void> {
    await model.updateMany({ ...filter, ...LIVE } as never, { $set: { deleted: true, published: false }, $inc: { version: 1 } } as never);
  }

  /** Runs a change that commutes with others again when it loses a race (409 `conflict`), a few times. */
  async retryOnConflict<T>(change: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await change();
      } catch (err) {
        if (attempt >= COMMUTATIVE_ATTEMPTS || !(err instanceof ApiError) || err.code !== 'conflict') throw err;
      }
      // A little jitter, so that requests that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
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
          version: 1,
          published: false,
        }),
      ),
    );
    if (created.length === 0) return [];
    const ids = created.map((c) => c._id);
    // A deleted source environment whose deletion is not yet published is still stored: a new one
    // takes its place as its next version, so the relay publishes it after (and over) the tombstone.
    const tombstones = new Map(
      (await this.models.sourceEnvironments.find({ _id: { $in: ids }, deleted: true }, { version: 1 }).lean()).map((t) => [t._id, t.version]),
    );
    await this.models.sourceEnvironments.bulkWrite(
      created.map((stored) => {
        const tombstoneVersion = tombstones.get(stored._id);
        return tombstoneVersion === undefined
          ? { updateOne: { filter: { _id: stored._id }, update: { $setOnInsert: stored }, upsert: true } }
          : { replaceOne: { filter: { _id: stored._id, version: tombstoneVersion, deleted: true }, replacement: { ...stored, version: tombstoneVersion + 1 } } };
      }),
    );
    return this.models.sourceEnvironments.find({ _id: { $in: ids }, ...LIVE }).lean<StoredSourceEnvironment[]>();
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
    if (unknown !== undefined) throw new ApiError('invalid_request', `status.${unknown}: no environment "${unknown}"`);
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
    await this.models.sourceEnvironments.updateOne({ _id: development, endpointToken: { $ne: endpointToken } }, { $set: { endpointToken, published: false }, $inc: { version: 1 } });
    if (signingKey) {
      const sealed = { id: 'demo-key', prefix: signingKey.slice(0, 10), sealedSecret: sealSigningKey(this.box, development, 'demo-key', signingKey), createdAt: now, validUntil: null };
      await this.models.sourceEnvironments.updateOne({ _id: development, signingKeys: { $size: 0 } }, { $set: { signingKeys: [sealed], published: false }, $inc: { version: 1 } });
      // A .data/ from before keys were bound to their environment: bind its keys now. Read, then
      // written whole (the local store has no positional updates), conditional on the version read.
      const stored = await this.models.sourceEnvironments.findById(development).lean();
      if (stored?.signingKeys.some((k) => this.box.isLegacy(k.sealedSecret))) {
        const signingKeys = resealLegacyKeys(this.box, development, stored.signingKeys);
        await this.models.sourceEnvironments.updateOne({ _id: development, version: stored.version }, { $set: { signingKeys, published: false }, $inc: { version: 1 } });
      }
    }
    await this.models.workflows.updateOne(
      { _id: DEMO_WORKFLOW },
      { $setOnInsert: { name: 'Welcome', statuses: {}, createdAt: now, updatedAt: now, version: 1, published: false } },
      { upsert: true },
    );
    const demoMappings: Omit<StoredMapping, 'createdAt' | 'updatedAt' | 'version' | 'published'>[] = [
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
      demoMappings.map(({ _id, ...mapping }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: { ...mapping, createdAt: now, updatedAt: now, version: 1, published: false } }, upsert: true } })),
    );
  }
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

/** 409 `conflict`: another request changed the resource between this one's read and its write. */
export function conflict(what: string, current?: number): ApiError {
  const detail = current === undefined ? 'was changed by another request meanwhile' : `is at version ${current}, not the version given`;
  return new ApiError('conflict', `${what} ${detail}: read it again and retry.`);
}

/** MongoDB's duplicate key error: an insert lost a race for a unique key. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
