import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { SourceSettingsSchema } from '@inlet/contracts';
import { SecretBox } from '@inlet/platform/secrets';
import { ApiError } from '../shared/api-errors';
import { API_CONFIG, type ApiConfig } from '../config';
import { ConfigStore, isDuplicateKey, newEndpointToken, sourceEnvironmentId } from '../config-store/config-store.service';
import { LIVE, type StoredSigningKey, type StoredSource, type StoredSourceEnvironment } from '../config-store/config-store.models';
import { TriggersService } from '../workflows/triggers.service';
import { overlapUntil, resealLegacyKeys, sealSigningKey } from '../signing-keys/signing-keys';
import { iso, isoOrNull } from '../shared/response-fields.schema';
import type { CreateSigningKeyBody, SigningKey } from '../signing-keys/signing-keys.schema';
import type { CreateSourceBody, Environment, Source, SourceEnvironment, UpdateSourceBody, UpdateSourceEnvironmentBody } from './sources.schema';

/** Sources, environments and each source environment's settings; every change reaches the pipeline through the config topic. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly store: ConfigStore,
    private readonly box: SecretBox,
    private readonly triggers: TriggersService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async createSource(body: z.infer<typeof CreateSourceBody>) {
    const now = new Date();
    if (await this.store.models.sources.exists({ _id: body.key })) throw new ApiError('source_exists', `A source with key "${body.key}" already exists.`);
    const source: StoredSource = { _id: body.key, name: body.name, description: body.description, type: body.type, createdAt: now, updatedAt: now };
    await this.store.models.sources.create(source).catch((err: unknown) => {
      // Two creates of one key at once: the unique _id lets one in.
      throw isDuplicateKey(err) ? new ApiError('source_exists', `A source with key "${body.key}" already exists.`) : err;
    });
    await this.store.createSourceEnvironments([{ key: body.key, type: body.type }], await this.store.environmentNames(), now);
    await this.store.published();
    return presentSource(source);
  }

  async listSources() {
    return (await this.store.models.sources.find().sort({ _id: 1 }).lean()).map(presentSource);
  }

  async getSource(key: string) {
    return presentSource(await this.source(key));
  }

  async updateSource(key: string, body: z.infer<typeof UpdateSourceBody>) {
    const updated = await this.store.models.sources.findOneAndUpdate({ _id: key }, { $set: { ...body, updatedAt: new Date() } }, { new: true }).lean();
    if (!updated) throw sourceNotFound(key);
    return presentSource(updated);
  }

  /** Deletes the source in every environment, with its mappings; its endpoints answer 404 from then on. */
  async deleteSource(key: string): Promise<void> {
    await this.source(key);
    const ids = (await this.store.models.sourceEnvironments.find({ sourceKey: key, ...LIVE }, { _id: 1 }).lean()).map((e) => e._id);
    // Environments and mappings become tombstones, removed once the relay has published their deletion.
    await this.store.markDeleted(this.store.models.mappings, { sourceEnvironmentId: { $in: ids } });
    await this.store.markDeleted(this.store.models.sourceEnvironments, { _id: { $in: ids } });
    await this.store.models.triggers.deleteMany({ sourceKey: key });
    await this.store.models.sources.deleteOne({ _id: key });
    await this.store.published();
  }

  /** A new environment: every source gets a configuration there, with defaults and a fresh endpoint. */
  async createEnvironment(name: string) {
    const now = new Date();
    if (await this.store.models.environments.exists({ _id: name })) throw new ApiError('environment_exists', `Environment "${name}" already exists.`);
    await this.store.models.environments.create({ _id: name, createdAt: now }).catch((err: unknown) => {
      throw isDuplicateKey(err) ? new ApiError('environment_exists', `Environment "${name}" already exists.`) : err;
    });
    const sources = (await this.store.models.sources.find().lean()).map((s) => ({ key: s._id, type: s.type }));
    await this.store.createSourceEnvironments(sources, [name], now);
    await this.triggers.materialize(await this.store.models.triggers.find().lean(), [name], now);
    await this.store.published();
    return presentEnvironment({ _id: name, createdAt: now });
  }

  async listEnvironments() {
    return (await this.store.models.environments.find().sort({ _id: 1 }).lean()).map(presentEnvironment);
  }

  async getSourceEnvironment(key: string, environment: string) {
    return this.present(await this.sourceEnvironment(key, environment));
  }

  async updateSourceEnvironment(key: string, environment: string, body: z.infer<typeof UpdateSourceEnvironmentBody>) {
    const current = await this.sourceEnvironment(key, environment);
    const now = new Date();
    if (current.sourceType === 'legacy_http') refuseFixedLegacySettings(body);
    const settings = {
      ...current.settings,
      ...(body.event_type_path !== undefined ? { eventTypePath: body.event_type_path } : {}),
      ...(body.timestamp_path !== undefined ? { timestampPath: body.timestamp_path } : {}),
      ...(body.max_body_bytes !== undefined ? { maxBodyBytes: body.max_body_bytes } : {}),
      verification: { ...current.settings.verification, ...body.verification },
      idempotency: {
        enabled: body.idempotency?.enabled ?? current.settings.idempotency.enabled,
        keyPath: body.idempotency?.key_path !== undefined ? body.idempotency.key_path : current.settings.idempotency.keyPath,
        windowSeconds: body.idempotency?.window_seconds ?? current.settings.idempotency.windowSeconds,
      },
    };
    if (settings.idempotency.enabled && settings.idempotency.keyPath === null) {
      throw new ApiError('invalid_request', 'idempotency.key_path: required while idempotency is enabled (e.g. "event_id")');
    }
    if (settings.verification.enabled && !current.settings.verification.enabled && validKeys(current, now).length === 0) {
      throw new ApiError('no_signing_key', 'verification.enabled: create a signing key first; with none, every request would be refused.');
    }
    return this.save({ ...current, settings, updatedAt: now }, body.version);
  }

  /** A new endpoint URL; the old one answers 404 as soon as the gateways see the change. */
  async regenerateEndpoint(key: string, environment: string) {
    const current = await this.sourceEnvironment(key, environment);
    return this.save({ ...current, endpointToken: newEndpointToken(), updatedAt: new Date() });
  }

  /**
   * A new signing key, shown in full in this answer only. The key it replaces keeps verifying until
   * `previous_valid_until` (an overlap for the sender's switch, at most MAX_SIGNING_KEY_OVERLAP_DAYS),
   * or stops at once without it. Keys still sealed in the unbound v1 form are re-sealed bound.
   */
  async createSigningKey(key: string, environment: string, body: z.infer<typeof CreateSigningKeyBody>) {
    // Commutes with another key created at the same time: lost races are retried, both keys stay.
    return this.store.retryOnConflict(() => this.addSigningKey(key, environment, body));
  }

  private async addSigningKey(key: string, environment: string, body: z.infer<typeof CreateSigningKeyBody>) {
    const current = await this.sourceEnvironment(key, environment);
    const now = new Date();
    const previousUntil = overlapUntil(body.previous_valid_until, now);
    const secret = `isk_${randomBytes(32).toString('hex')}`;
    const id = randomUUID();
    const created: StoredSigningKey = { id, prefix: secret.slice(0, 10), sealedSecret: sealSigningKey(this.box, current._id, id, secret), createdAt: now, validUntil: null };
    const kept = validKeys(current, now).map((k) => (k.validUntil === null ? { ...k, validUntil: previousUntil } : k)).filter((k) => k.validUntil === null || k.validUntil > now);
    const signingKeys = [...resealLegacyKeys(this.box, current._id, kept), created];
    await this.save({ ...current, signingKeys, updatedAt: now });
    return { ...presentKey(created), secret };
  }

  async listSigningKeys(key: string, environment: string) {
    const current = await this.sourceEnvironment(key, environment);
    return validKeys(current, new Date()).map(presentKey);
  }

  /** Revokes a key at once. The current key cannot go while verification is enforced. */
  async revokeSigningKey(key: string, environment: string, id: string): Promise<void> {
    await this.store.retryOnConflict(() => this.removeSigningKey(key, environment, id));
  }

  private async removeSigningKey(key: string, environment: string, id: string): Promise<void> {
    const current = await this.sourceEnvironment(key, environment);
    const now = new Date();
    if (!current.signingKeys.some((k) => k.id === id)) throw new ApiError('signing_key_not_found', `No signing key "${id}".`);
    const remaining = current.signingKeys.filter((k) => k.id !== id);
    // A key inside its rotation overlap expires on its own: while verification is enforced, a
    // current key must remain, or every request would be refused once the overlap ends.
    if (current.settings.verification.enabled && !validKeys({ ...current, signingKeys: remaining }, now).some((k) => k.validUntil === null)) {
      throw new ApiError('verification_enabled', 'Verification is enabled and this is the current key: create a new key first, or disable verification.');
    }
    await this.save({ ...current, signingKeys: remaining, updatedAt: now });
  }

  /** Stores `next` over the version it was read at (409 `conflict` if that changed, or is not `expected`), then publishes it. */
  private async save(next: StoredSourceEnvironment, expected?: number) {
    const written = await this.store.replaceAt(this.store.models.sourceEnvironments, next, `Source environment ${next.sourceKey}/${next.environment}`, expected);
    await this.store.published();
    return this.present(written);
  }

  private async source(key: string): Promise<StoredSource> {
    const source = await this.store.models.sources.findById(key).lean();
    if (!source) throw sourceNotFound(key);
    return source;
  }

  /** A source environment as stored (it holds the endpoint token: for the api's own use), or 404. */
  async sourceEnvironment(key: string, environment: string): Promise<StoredSourceEnvironment> {
    const found = await this.store.models.sourceEnvironments.findOne({ _id: sourceEnvironmentId(key, environment), ...LIVE }).lean();
    // Settings stored before a setting existed read as its default.
    if (found) return { ...found, settings: SourceSettingsSchema.parse(found.settings) };
    await this.source(key);
    throw new ApiError('environment_not_found', `No environment "${environment}".`);
  }

  private present(stored: StoredSourceEnvironment): SourceEnvironment {
    return {
      source: stored.sourceKey,
      environment: stored.environment,
      endpoint: `${this.config.GATEWAY_PUBLIC_URL}/integrations/receive/${stored.endpointToken}`,
      settings: {
        event_type_path: stored.settings.eventTypePath,
        timestamp_path: stored.settings.timestampPath,
        max_body_bytes: stored.settings.maxBodyBytes,
        verification: stored.settings.verification,
        idempotency: { enabled: stored.settings.idempotency.enabled, key_path: stored.settings.idempotency.keyPath, window_seconds: stored.settings.idempotency.windowSeconds },
      },
      created_at: iso(stored.createdAt),
      updated_at: iso(stored.updatedAt),
      version: stored.version,
    };
  }
}

/** Keys still verifying at `now`: the current one and those inside their rotation overlap. */
/**
 * A legacy HTTP source reads Segment track events: where the type, time and idempotency key are, and
 * that no signature is expected, are fixed. Its body limit and idempotency window can change.
 */
function refuseFixedLegacySettings(body: z.infer<typeof UpdateSourceEnvironmentBody>): void {
  const fixed = [
    ...(['event_type_path', 'timestamp_path', 'verification'] as const).filter((field) => body[field] !== undefined),
    ...(body.idempotency?.key_path !== undefined ? ['idempotency.key_path'] : []),
  ];
  if (fixed.length > 0) {
    throw new ApiError('invalid_request', `${fixed.join(', ')}: fixed for legacy_http sources (type at "event", time at "timestamp", key at "messageId", no signature)`);
  }
}

function validKeys(env: Pick<StoredSourceEnvironment, 'signingKeys'>, now: Date): StoredSigningKey[] {
  return (env.signingKeys ?? []).filter((k) => k.validUntil === null || new Date(k.validUntil) > now);
}

function presentKey(k: StoredSigningKey): SigningKey {
  return { id: k.id, prefix: k.prefix, created_at: iso(k.createdAt), valid_until: isoOrNull(k.validUntil) };
}

const sourceNotFound = (key: string) => new ApiError('source_not_found', `No source with key "${key}".`);

function presentSource(source: StoredSource): Source {
  return { key: source._id, name: source.name, description: source.description, type: source.type, created_at: iso(source.createdAt), updated_at: iso(source.updatedAt) };
}

function presentEnvironment(e: { _id: string; createdAt: Date }): Environment {
  return { name: e._id, created_at: iso(e.createdAt) };
}
