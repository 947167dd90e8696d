import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import type { ActionType, MappingConfig } from '@inlet/contracts';
import { checkMappingParams } from '@inlet/domain/mapping';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { knownEventTypeId, knownEventTypeModel } from '@inlet/store/source-logs';
import { ConfigStore } from '../config-store/config-store.service';
import { LIVE, type StoredMapping, type StoredSourceEnvironment } from '../config-store/config-store.models';
import { iso } from '../shared/response-fields.schema';
import type { CopyMappingsBody, CreateMappingBody, Mapping, MappingWithWarnings, UpdateMappingBody } from './mappings.schema';
import { SourcesService } from '../sources/sources.service';

/**
 * Event-action mappings of one source environment. Each change is stored (conditionally on the
 * version read: 409 `conflict` on a concurrent change), then published on the config topic by the
 * store's relay, where the mapping-engines pick it up without a restart.
 */
@Injectable()
export class MappingsService {
  private readonly eventTypes;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly store: ConfigStore,
    private readonly sources: SourcesService,
  ) {
    this.eventTypes = knownEventTypeModel(connection);
  }

  async create(key: string, environment: string, body: z.infer<typeof CreateMappingBody>) {
    const env = await this.sources.sourceEnvironment(key, environment);
    checkParams(body.action_type, body.params);
    const now = new Date();
    const stored: StoredMapping = {
      _id: newMappingId(now),
      sourceEnvironmentId: env._id,
      eventType: body.event_type,
      actionType: body.action_type,
      params: body.params as MappingConfig['params'],
      active: body.active,
      createdAt: now,
      updatedAt: now,
      version: 1,
      published: false,
    };
    await this.store.models.mappings.create(stored);
    await this.store.published();
    return { ...present(stored, env), warnings: await this.warnings(env, stored.eventType) };
  }

  async list(key: string, environment: string, eventType?: string) {
    const env = await this.sources.sourceEnvironment(key, environment);
    const mappings = await this.store.models.mappings
      .find({ sourceEnvironmentId: env._id, ...(eventType ? { eventType } : {}), ...LIVE })
      .sort({ createdAt: 1, _id: 1 })
      .lean();
    return mappings.map((m) => present(m, env));
  }

  async get(key: string, environment: string, id: string) {
    const { env, mapping } = await this.find(key, environment, id);
    return present(mapping, env);
  }

  async update(key: string, environment: string, id: string, body: z.infer<typeof UpdateMappingBody>) {
    const { env, mapping } = await this.mapping(key, environment, id);
    const updated: StoredMapping = {
      ...mapping,
      ...(body.event_type !== undefined ? { eventType: body.event_type } : {}),
      ...(body.action_type !== undefined ? { actionType: body.action_type } : {}),
      ...(body.params !== undefined ? { params: body.params as MappingConfig['params'] } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
      updatedAt: new Date(),
    };
    checkParams(updated.actionType, updated.params);
    const written = await this.save(updated, body.version);
    return { ...present(written, env), warnings: await this.warnings(env, written.eventType) };
  }

  async setActive(key: string, environment: string, id: string, active: boolean) {
    const { env, mapping } = await this.mapping(key, environment, id);
    return present(await this.save({ ...mapping, active, updatedAt: new Date() }), env);
  }

  async remove(key: string, environment: string, id: string): Promise<void> {
    await this.mapping(key, environment, id);
    await this.store.markDeleted(this.store.models.mappings, { _id: id });
    await this.store.published();
  }

  /** Copies every mapping of one environment to another (new ids, same event types, actions, params and state). */
  async copy(key: string, environment: string, body: z.infer<typeof CopyMappingsBody>) {
    const from = await this.sources.sourceEnvironment(key, environment);
    const to = await this.sources.sourceEnvironment(key, body.to_environment);
    if (from._id === to._id) throw new ApiError('invalid_request', 'to_environment: must differ from the source environment');
    // A trigger's mappings exist in every environment already: only plain mappings are copied or replaced.
    const sources = (await this.store.models.mappings.find({ sourceEnvironmentId: from._id, ...LIVE }).sort({ createdAt: 1, _id: 1 }).lean()).filter((m) => !m.triggerId);
    if (body.replace) {
      const replaced = (await this.store.models.mappings.find({ sourceEnvironmentId: to._id, ...LIVE }, { _id: 1, triggerId: 1 }).lean()).filter((m) => !m.triggerId);
      await this.store.markDeleted(this.store.models.mappings, { _id: { $in: replaced.map((m) => m._id) } });
    }
    const now = new Date();
    const copies: StoredMapping[] = sources.map((m, i) => ({
      ...m,
      _id: newMappingId(new Date(now.getTime() + i)),
      sourceEnvironmentId: to._id,
      createdAt: now,
      updatedAt: now,
      version: 1,
      published: false,
    }));
    if (copies.length > 0) await this.store.models.mappings.insertMany(copies);
    await this.store.published();
    return { entries: copies.map((m) => present(m, to)) };
  }

  /** Stores the mapping over the version it was read at (409 `conflict` otherwise), then publishes it. */
  private async save(mapping: StoredMapping, expected?: number): Promise<StoredMapping> {
    const written = await this.store.replaceAt(this.store.models.mappings, mapping, `Mapping "${mapping._id}"`, expected);
    await this.store.published();
    return written;
  }

  /** A mapping of that environment to change: 404 if there is none, 409 if a workflow trigger owns it. */
  private async mapping(key: string, environment: string, id: string): Promise<{ env: StoredSourceEnvironment; mapping: StoredMapping }> {
    const found = await this.find(key, environment, id);
    if (found.mapping.triggerId) {
      throw new ApiError('managed_by_trigger', `Mapping "${id}" runs workflow trigger "${found.mapping.triggerId}": change it under /v1/workflows/{key}/triggers.`);
    }
    return found;
  }

  private async find(key: string, environment: string, id: string): Promise<{ env: StoredSourceEnvironment; mapping: StoredMapping }> {
    const env = await this.sources.sourceEnvironment(key, environment);
    const mapping = await this.store.models.mappings.findOne({ _id: id, ...LIVE }).lean();
    if (!mapping || mapping.sourceEnvironmentId !== env._id) throw new ApiError('mapping_not_found', `No mapping "${id}" in ${key}/${environment}.`);
    return { env, mapping };
  }

  /** A mapping may name an event type not received yet: allowed, with a warning, as a typo is likely. */
  private async warnings(env: StoredSourceEnvironment, eventType: string): Promise<MappingWithWarnings['warnings']> {
    const seen = await this.eventTypes.exists({ _id: knownEventTypeId(env._id, eventType) });
    if (seen) return [];
    return [{ code: 'event_type_not_seen', message: `No "${eventType}" event has been received in ${env.sourceKey}/${env.environment} yet; the mapping runs once one arrives.` }];
  }
}

function checkParams(actionType: ActionType, params: StoredMapping['params']): void {
  const check = checkMappingParams(actionType, params);
  if (!check.ok) throw new ApiError('invalid_request', `params.${check.field}: ${check.message}`);
}

/** Sortable by creation time, so mappings of one action type run in the order they were made. */
function newMappingId(now: Date): string {
  return `map_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

function present(m: StoredMapping, env: StoredSourceEnvironment): Mapping {
  return {
    id: m._id,
    source: env.sourceKey,
    environment: env.environment,
    event_type: m.eventType,
    action_type: m.actionType,
    trigger_id: m.triggerId ?? null,
    params: m.params,
    active: m.active,
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
    version: m.version,
  };
}
