import { ActionTypeSchema, type Action, type ActionRequested, type ActionType, type EventMapped, type MappingConfig, type ParamSource } from '@inlet/contracts';
import { resolvePath, type PathResult, type PathRoot } from '@inlet/domain/paths';
import { ACTION_PARAMS, isObjectParam, targetOf } from './action-params';
import { ok, type Checked, type Failed } from './checked';
import { buildObject, checkValue } from './param-value';

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

/**
 * Resolves every configured parameter, then checks each parameter of the action's table in turn.
 * Object parameters (`data`, `properties`, `settings`) combine the whole object with single
 * fields; an object left empty is omitted.
 */
function buildAction(actionType: ActionType, params: MappingConfig['params'], root: PathRoot): Checked<Action> {
  const direct = new Map<string, unknown>();
  const fields = new Map<string, Array<[string, unknown]>>();
  for (const [name, source] of Object.entries(params)) {
    const target = targetOf(actionType, name);
    // A name the action does not take is refused when the mapping is created (checkMappingParams);
    // one that got into the config anyway is ignored rather than failing the action.
    if (target === undefined) continue;
    const value = resolveParam(root, source);
    if (value === undefined) continue;
    if (target.field === undefined) direct.set(name, value);
    else fields.set(target.param.name, [...(fields.get(target.param.name) ?? []), [target.field, value]]);
  }

  const resolved: Record<string, unknown> = {};
  for (const param of ACTION_PARAMS[actionType]) {
    const value = direct.get(param.name);
    const single = fields.get(param.name) ?? [];
    if (value === undefined && single.length === 0) {
      if (param.required) return missing(param.name, Object.hasOwn(params, param.name) ? params[param.name] : undefined, root);
      continue;
    }
    const checked = isObjectParam(param) ? buildObject(param, value, single) : checkValue(param, value);
    if (!checked.ok) return checked;
    if (isObjectParam(param) && Object.keys(checked.value as object).length === 0) continue;
    resolved[param.name] = checked.value;
  }
  // ACTION_PARAMS mirrors ActionSchema; the spec tests parse every action built here with it.
  return ok({ type: actionType, params: resolved } as Action);
}

/** The value of a parameter, or undefined when it is absent: an unresolved path and null alike. */
function resolveParam(root: PathRoot, source: ParamSource): unknown {
  const result: PathResult = 'path' in source ? resolvePath(root, source.path) : { found: true, value: source.literal };
  return result.found && result.value !== null ? result.value : undefined;
}

function missing(field: string, source: ParamSource | undefined, root: PathRoot): Failed {
  const where =
    source === undefined ? 'not mapped' : 'literal' in source ? 'literal is null' : resolvePath(root, source.path).found ? `path "${source.path}" is null` : `path "${source.path}" does not resolve`;
  return { ok: false, problem: { reason: 'missing_field', field, message: `required field "${field}" is missing (${where})` } };
}
