import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { ActionType, MappingConfig } from '@inlet/contracts';
import { ACTION_PARAMS, checkParamsAgainstSample, dryRunPlan, type SampleParamCheck } from '@inlet/domain/mapping';
import type { PathRoot } from '@inlet/domain/paths';
import { LIVE } from '../config-store/config-store.models';
import { ConfigStore } from '../config-store/config-store.service';
import { EventTypeSamplesService } from '../event-types/event-type-samples.service';
import { SourcesService } from '../sources/sources.service';
import type { CheckMappingBody, DryRun, DryRunBody, MappingCheck, ParamCheck, SampleRef } from './mapping-checks.schema';

/** A sample as paths resolve against it, and the event id it came from (null when given inline). */
type Sample = { eventId: string | null; root: PathRoot };

/**
 * The mapping editor's checks, answered by the pipeline's own pure functions so the editor shows
 * what the mapping-engine would do: nothing is stored, published or run.
 */
@Injectable()
export class MappingChecksService {
  constructor(
    private readonly store: ConfigStore,
    private readonly sources: SourcesService,
    private readonly samples: EventTypeSamplesService,
  ) {}

  async check(key: string, environment: string, body: z.infer<typeof CheckMappingBody>): Promise<MappingCheck> {
    await this.sources.sourceEnvironment(key, environment);
    const sample = await this.sample(key, environment, body.sample);
    const checks = checkParamsAgainstSample(body.action_type, body.params, sample.root);
    return { action_type: body.action_type, params: checks.map(presentCheck), skip: skipOf(body.action_type, checks) };
  }

  async dryRun(key: string, environment: string, body: z.infer<typeof DryRunBody>): Promise<DryRun> {
    const env = await this.sources.sourceEnvironment(key, environment);
    const sample = await this.sample(key, environment, body.sample);
    // Inactive mappings too: the plan shows them skipped (`inactive`), as the event's log would.
    const stored = await this.store.models.mappings
      .find({ sourceEnvironmentId: env._id, eventType: body.event_type, ...LIVE })
      .sort({ createdAt: 1, _id: 1 })
      .lean();
    const mappings: MappingConfig[] = stored.map((m) => ({
      kind: 'mapping',
      id: m._id,
      version: m.version,
      sourceEnvironmentId: m.sourceEnvironmentId,
      eventType: m.eventType,
      actionType: m.actionType,
      params: m.params,
      active: m.active,
      ...(m.triggerId ? { triggerId: m.triggerId } : {}),
    }));
    const plan = dryRunPlan({ eventId: sample.eventId ?? 'inline', eventType: body.event_type, sample: sample.root, mappings });
    return {
      event_type: body.event_type,
      event_id: sample.eventId,
      planned: plan.planned.map((p) => ({
        action_id: sample.eventId === null ? null : p.actionId,
        mapping_id: p.mappingId,
        trigger_id: p.triggerId ?? null,
        action_type: p.actionType as ActionType,
        position: p.position,
        configured: p.configured,
        resolved: p.resolved,
      })),
      skipped: plan.skipped.map((s) => ({
        mapping_id: s.mappingId,
        trigger_id: s.triggerId ?? null,
        action_type: s.actionType as ActionType,
        reason: s.reason,
        field: s.field ?? null,
        message: s.message,
        configured: s.configured,
      })),
    };
  }

  private async sample(key: string, environment: string, ref: SampleRef): Promise<Sample> {
    if ('event_id' in ref) {
      const stored = await this.samples.sampleById(key, environment, ref.event_id);
      return { eventId: stored.eventId, root: { body: stored.body, headers: stored.headers ?? {} } };
    }
    // Paths name headers in lower case, as the gateway stores them.
    const headers = Object.fromEntries(Object.entries(ref.headers).map(([name, value]) => [name.toLowerCase(), value]));
    return { eventId: null, root: { body: ref.body, headers } };
  }
}

function presentCheck(c: SampleParamCheck): ParamCheck {
  const about = { name: c.name, param: c.param ?? null, kind: c.kind ?? null, required: c.required, configured: c.configured ?? null };
  if (!c.ok) return { ...about, status: 'unresolved', ok: false, reason: c.reason, field: c.field, message: c.message };
  if ('omitted' in c) return { ...about, status: 'omitted', ok: true, message: c.message };
  return { ...about, status: 'resolved', ok: true, value: c.value };
}

/** The skip the pipeline would log: the first unresolved parameter among the action's own. */
function skipOf(actionType: ActionType, checks: SampleParamCheck[]): MappingCheck['skip'] {
  const own = new Set(ACTION_PARAMS[actionType].map((p) => p.name));
  for (const c of checks) {
    if (!c.ok && own.has(c.name)) return { param: c.name, reason: c.reason, field: c.field, message: c.message };
  }
  return null;
}
