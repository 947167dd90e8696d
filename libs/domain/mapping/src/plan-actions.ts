import { ActionTypeSchema, type Action, type ActionRequested, type ActionType, type EventMapped, type MappingConfig } from '@inlet/contracts';
import type { PathRoot } from '@inlet/domain/paths';
import { ok, type Checked } from './checked';
import { resolveParams } from './resolve-params';

/** The fixed order in which one event's actions run, whatever order the mappings were made in. */
export const ACTION_EXECUTION_ORDER = ActionTypeSchema.options;

export type Skip = EventMapped['skipped'][number];
export type Plan = { requests: ActionRequested[]; skipped: Skip[] };

/**
 * Turns one event's mappings into action requests in the fixed execution order. A mapping whose
 * required parameter is missing, of the wrong type or over a limit is skipped with the field
 * named; the others still run.
 */
export function planActions(input: { eventId: string; eventType: string; root: PathRoot; mappings: readonly MappingConfig[] }): Plan {
  // The config view parses every mapping, so its action type is always one of the known ones.
  const ordered = [...input.mappings].sort((a, b) => ACTION_EXECUTION_ORDER.indexOf(a.actionType) - ACTION_EXECUTION_ORDER.indexOf(b.actionType));
  const requests: ActionRequested[] = [];
  const skipped: Skip[] = [];
  for (const mapping of ordered) {
    const about = { mappingId: mapping.id, actionType: mapping.actionType, configured: mapping.params, ...(mapping.triggerId ? { triggerId: mapping.triggerId } : {}) };
    if (!mapping.active) {
      skipped.push({ ...about, reason: 'inactive', message: 'mapping is inactive' });
      continue;
    }
    const built = buildAction(mapping.actionType, mapping.params, input.root);
    if (!built.ok) {
      skipped.push({ ...about, ...built.problem });
      continue;
    }
    requests.push({
      actionId: `${input.eventId}:${mapping.id}`,
      mappingId: mapping.id,
      position: requests.length,
      eventType: input.eventType,
      configured: mapping.params,
      action: built.value,
    });
  }
  return { requests, skipped };
}

/** The action in its contract shape, or the first problem in the action's table order. */
function buildAction(actionType: ActionType, params: MappingConfig['params'], root: PathRoot): Checked<Action> {
  const resolved: Record<string, unknown> = {};
  for (const outcome of resolveParams(actionType, params, root)) {
    if (outcome.state === 'failed') return { ok: false, problem: outcome.problem };
    if (outcome.state === 'resolved') resolved[outcome.param.name] = outcome.value;
  }
  // ACTION_PARAMS mirrors ActionSchema; the spec tests parse every action built here with it.
  return ok({ type: actionType, params: resolved } as Action);
}
