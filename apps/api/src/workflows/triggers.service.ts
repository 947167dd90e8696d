import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { checkTriggerMapping, triggerParams } from '@inlet/domain/mapping';
import { ApiError } from '../shared/api-errors';
import { ConfigStore, conflict, sourceEnvironmentId, statusPerEnvironment } from '../config-store/config-store.service';
import type { StoredMapping, StoredTrigger } from '../config-store/config-store.models';
import { iso } from '../shared/response-fields.schema';
import type { CreateTriggerBody, UpdateTriggerBody, Trigger } from './workflows.schema';
import { WorkflowsService } from './workflows.service';

/**
 * Workflow triggers: an event of a legacy HTTP source that triggers a workflow. Each runs as one
 * trigger-workflow mapping per environment of its source (id `<trigger id>_<environment>`, active
 * unless the trigger is inactive there), through the same mapping-engine and executor as any
 * other mapping; the mappings API shows them but leaves them to this one.
 */
@Injectable()
export class TriggersService {
  constructor(
    private readonly store: ConfigStore,
    private readonly workflows: WorkflowsService,
  ) {}

  async create(workflow: string, body: z.infer<typeof CreateTriggerBody>) {
    await this.workflows.workflow(workflow);
    await this.legacySource(body.source);
    const environments = await this.store.environmentsFor(body.status);
    checkMapping(body.mapping);
    const now = new Date();
    const trigger: StoredTrigger = {
      _id: `trg_${randomBytes(8).toString('hex')}`,
      workflow,
      sourceKey: body.source,
      event: body.event,
      mapping: body.mapping,
      statuses: body.status,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.store.models.triggers.create(trigger);
    await this.materialize([trigger], environments, now);
    await this.store.published();
    return present(trigger, environments);
  }

  async list(workflow: string) {
    await this.workflows.workflow(workflow);
    const [triggers, environments] = await Promise.all([this.store.models.triggers.find({ workflow }).sort({ createdAt: 1, _id: 1 }).lean(), this.store.environmentNames()]);
    return triggers.map((t) => present(t, environments));
  }

  async get(workflow: string, id: string) {
    return present(await this.trigger(workflow, id), await this.store.environmentNames());
  }

  /** Changes the event or mapping everywhere, and the status of the environments named only. */
  async update(workflow: string, id: string, body: z.infer<typeof UpdateTriggerBody>) {
    const environments = await this.store.environmentsFor(body.status ?? {});
    const current = await this.trigger(workflow, id);
    if (body.mapping) checkMapping(body.mapping);
    const now = new Date();
    const what = `Trigger "${id}"`;
    if (body.version !== undefined && body.version !== current.version) throw conflict(what, current.version);
    const updated: StoredTrigger = {
      ...current,
      event: body.event ?? current.event,
      mapping: body.mapping ?? current.mapping,
      statuses: { ...current.statuses, ...body.status },
      updatedAt: now,
      version: current.version + 1,
    };
    const result = await this.store.models.triggers.replaceOne({ _id: id, version: current.version }, updated);
    if (result.matchedCount === 0) throw conflict(what);
    await this.materialize([updated], environments, now);
    await this.store.published();
    return present(updated, environments);
  }

  async remove(workflow: string, id: string): Promise<void> {
    await this.trigger(workflow, id);
    await this.store.markDeleted(this.store.models.mappings, { triggerId: id });
    await this.store.models.triggers.deleteOne({ _id: id });
    await this.store.published();
  }

  /**
   * Writes the mappings of the given triggers in the given environments, each as its next version
   * (the trigger, whose own writes are conditional, is what they follow), for the relay to
   * publish: used when a trigger changes and when an environment is created.
   */
  async materialize(triggers: StoredTrigger[], environments: string[], now: Date): Promise<void> {
    const mappings: Omit<StoredMapping, 'version' | 'published'>[] = triggers.flatMap((t) =>
      environments.map((environment) => ({
        _id: `${t._id}_${environment}`,
        sourceEnvironmentId: sourceEnvironmentId(t.sourceKey, environment),
        eventType: t.event,
        actionType: 'trigger_workflow' as const,
        triggerId: t._id,
        params: triggerParams(t.workflow, t.mapping),
        active: (t.statuses[environment] ?? 'active') === 'active',
        createdAt: t.createdAt,
        updatedAt: now,
      })),
    );
    if (mappings.length === 0) return;
    await this.store.models.mappings.bulkWrite(
      mappings.map(({ _id, ...m }) => ({
        updateOne: { filter: { _id }, update: { $set: { ...m, published: false }, $unset: { deleted: '' }, $inc: { version: 1 } }, upsert: true },
      })),
    );
  }

  private async trigger(workflow: string, id: string): Promise<StoredTrigger> {
    await this.workflows.workflow(workflow);
    const found = await this.store.models.triggers.findById(id).lean();
    if (!found || found.workflow !== workflow) throw new ApiError('trigger_not_found', `No trigger "${id}" on workflow "${workflow}".`);
    return found;
  }

  private async legacySource(key: string): Promise<void> {
    const source = await this.store.models.sources.findById(key).lean();
    if (!source) throw new ApiError('invalid_request', `source: no source "${key}"`);
    if (source.type !== 'legacy_http') throw new ApiError('invalid_request', `source: "${key}" is a ${source.type} source; triggers attach to legacy_http sources (custom sources use mappings)`);
  }

}

function checkMapping(mapping: StoredTrigger['mapping']): void {
  const check = checkTriggerMapping(mapping);
  if (!check.ok) throw new ApiError('invalid_request', `mapping.${check.field}: ${check.message}`);
}

function present(t: StoredTrigger, environments: string[]): Trigger {
  return {
    id: t._id,
    workflow: t.workflow,
    source: t.sourceKey,
    event: t.event,
    mapping: t.mapping,
    status: statusPerEnvironment(t.statuses, environments),
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
    version: t.version,
  };
}
