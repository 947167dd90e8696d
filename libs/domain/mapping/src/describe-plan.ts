import type { EventMapped, MappingConfig } from '@inlet/contracts';
import type { PathRoot } from '@inlet/domain/paths';
import { planActions, type Plan } from './plan-actions';

/**
 * A plan as event.mapped carries it and the event's log shows it: each planned action with its
 * configured and resolved parameters and the workflow trigger its mapping came from, then the
 * skipped mappings with the reason.
 */
export function describePlan(eventType: string, plan: Plan, mappings: readonly MappingConfig[]): EventMapped {
  const triggerOf = new Map(mappings.flatMap((m) => (m.triggerId ? [[m.id, m.triggerId] as const] : [])));
  return {
    eventType,
    planned: plan.requests.map((r) => ({
      actionId: r.actionId,
      mappingId: r.mappingId,
      ...(triggerOf.has(r.mappingId) ? { triggerId: triggerOf.get(r.mappingId) } : {}),
      actionType: r.action.type,
      position: r.position,
      configured: r.configured,
      resolved: r.action.params,
    })),
    skipped: plan.skipped,
  };
}

/**
 * A dry run of one event's plan, for the mapping editor: given a stored sample (its event id, body
 * and headers) and every mapping of the event type in the environment, active or not, exactly what
 * the mapping-engine would plan for it, without running anything. `planned` is in execution order
 * with the payload each action would be sent; `skipped` names each mapping left out and why
 * (`inactive`, `missing_field`, `type_mismatch`, `limit_exceeded`) in the pipeline's own words.
 * Action ids are those the sample's event got (`<eventId>:<mappingId>`).
 */
export function dryRunPlan(input: { eventId: string; eventType: string; sample: PathRoot; mappings: readonly MappingConfig[] }): EventMapped {
  const plan = planActions({ eventId: input.eventId, eventType: input.eventType, root: input.sample, mappings: input.mappings });
  return describePlan(input.eventType, plan, input.mappings);
}
