import type { ActionType, MappingConfig } from '@inlet/contracts';
import { checkPath } from '@inlet/domain/paths';
import { ACTION_PARAMS, isObjectParam, targetOf, type ActionParam } from './action-params';
import { buildObject, checkValue } from './param-value';

export type MappingParamsCheck = { ok: true } | { ok: false; field: string; message: string };

/**
 * Refuses, when a mapping is created, what planning would skip on every event whatever the
 * payload: a name the action does not take, a malformed path, a literal of the wrong type, a
 * required parameter left unmapped. Literals go through the same checks as resolved values.
 */
export function checkMappingParams(actionType: ActionType, params: MappingConfig['params']): MappingParamsCheck {
  const table = ACTION_PARAMS[actionType];
  for (const [name, source] of Object.entries(params)) {
    const target = targetOf(actionType, name);
    if (target === undefined) return refuse(name, takesNoParam(actionType, name));
    if (target.field === '') return refuse(name, namesNoField(name, target.param));
    if ('path' in source) {
      const path = checkPath(source.path);
      if (!path.ok) return refuse(name, path.message);
    }
    if (target.field !== undefined) {
      // A field's value can be anything; its name must still suit the object (no '.' or '$' in properties).
      const named = buildObject(target.param, undefined, [[target.field, null]]);
      if (!named.ok) return refuse(name, named.problem.message);
    } else if ('literal' in source) {
      const literal = checkValue(target.param, source.literal);
      if (!literal.ok) return refuse(literal.problem.field, literal.problem.message);
    }
  }
  const unmapped = table.find((p) => p.required && !Object.hasOwn(params, p.name));
  if (unmapped) return refuse(unmapped.name, `required parameter "${unmapped.name}" is not mapped`);
  return { ok: true };
}

/** A configured name the action does not take, with the names it does. */
export function takesNoParam(actionType: ActionType, name: string): string {
  const names = ACTION_PARAMS[actionType].map((p) => (isObjectParam(p) ? `${p.name}, ${p.name}.<field>` : p.name)).join(', ');
  return `action "${actionType}" takes no parameter "${name}" (it takes ${names})`;
}

/** `data.`: an object parameter's field without a name. */
export function namesNoField(name: string, param: ActionParam): string {
  return `parameter "${name}" names no field of "${param.name}"`;
}

function refuse(field: string, message: string): MappingParamsCheck {
  return { ok: false, field, message };
}
