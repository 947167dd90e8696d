import type { ActionType, MappingConfig, ParamSource } from '@inlet/contracts';
import { resolvePath, type PathResult, type PathRoot } from '@inlet/domain/paths';
import { ACTION_PARAMS, isObjectParam, targetOf, type ActionParam } from './action-params';
import type { Problem } from './checked';
import { buildObject, checkValue } from './param-value';

/**
 * One parameter of an action against one payload: its value in the action's shape, absent (an
 * optional parameter the action is sent without), or the problem that skips the action.
 */
export type ResolvedParam =
  | { param: ActionParam; state: 'resolved'; value: unknown }
  | { param: ActionParam; state: 'absent' }
  | { param: ActionParam; state: 'failed'; problem: Problem };

/**
 * Resolves every configured parameter, then checks each parameter of the action's table in turn.
 * Object parameters (`data`, `properties`, `settings`) combine the whole object with single
 * fields; an object left empty is absent. Planning skips the action on the first failure in table
 * order; the mapping editor shows every one.
 */
export function resolveParams(actionType: ActionType, params: MappingConfig['params'], root: PathRoot): ResolvedParam[] {
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

  return ACTION_PARAMS[actionType].map((param): ResolvedParam => {
    const value = direct.get(param.name);
    const single = fields.get(param.name) ?? [];
    if (value === undefined && single.length === 0) {
      if (!param.required) return { param, state: 'absent' };
      const problem = missing(param.name, Object.hasOwn(params, param.name) ? params[param.name] : undefined, root);
      return { param, state: 'failed', problem };
    }
    const checked = isObjectParam(param) ? buildObject(param, value, single) : checkValue(param, value);
    if (!checked.ok) return { param, state: 'failed', problem: checked.problem };
    if (isObjectParam(param) && Object.keys(checked.value as object).length === 0) return { param, state: 'absent' };
    return { param, state: 'resolved', value: checked.value };
  });
}

/** The value of a parameter, or undefined when it is absent: an unresolved path and null alike. */
export function resolveParam(root: PathRoot, source: ParamSource): unknown {
  const result: PathResult = 'path' in source ? resolvePath(root, source.path) : { found: true, value: source.literal };
  return result.found && result.value !== null ? result.value : undefined;
}

/** Why a parameter's source gave no value: not mapped, a null literal, a null or unresolved path. */
export function whyAbsent(source: ParamSource | undefined, root: PathRoot): string {
  if (source === undefined) return 'not mapped';
  if ('literal' in source) return 'literal is null';
  return resolvePath(root, source.path).found ? `path "${source.path}" is null` : `path "${source.path}" does not resolve`;
}

function missing(field: string, source: ParamSource | undefined, root: PathRoot): Problem {
  return { reason: 'missing_field', field, message: `required field "${field}" is missing (${whyAbsent(source, root)})` };
}
