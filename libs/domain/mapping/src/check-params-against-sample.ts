import type { ActionType, MappingConfig, ParamSource, SkipReason } from '@inlet/contracts';
import { checkPath, type PathRoot } from '@inlet/domain/paths';
import { isObjectParam, targetOf, type ParamKind } from './action-params';
import { namesNoField, takesNoParam } from './check-mapping-params';
import { buildObject } from './param-value';
import { resolveParam, resolveParams, whyAbsent } from './resolve-params';

/**
 * Why a parameter does not resolve against a sample: the pipeline's skip reasons, plus what the
 * pipeline never gets to see because a saved mapping cannot hold it (`invalid_path`, a malformed
 * path; `unknown_parameter`, a name the action does not take).
 */
export type ParamProblemReason = Exclude<SkipReason, 'inactive'> | 'invalid_path' | 'unknown_parameter';

/**
 * One input of the mapping editor against one sample:
 * - `ok: true, value`: the value the action would be sent, in the action's shape (recipients as
 *   `{kind, id, ...}`, an object parameter with its single fields merged in); for a single field
 *   (`data.priority`) or a custom property, the value that field gets;
 * - `ok: true, omitted`: an optional parameter the action would be sent without, `message` says why;
 * - `ok: false`: the action would be skipped for this parameter; `reason`, `field` (the value at
 *   fault, e.g. `recipients[2].id`) and `message` are what the event's log would say.
 */
export type SampleParamCheck = {
  /** The parameter as a mapping names it: `data`, `data.priority`, or a custom property name. */
  name: string;
  /** The action's parameter it goes into (`data` for `data.priority`); absent for an unknown name. */
  param?: string;
  kind?: ParamKind;
  required: boolean;
  /** How the mapping sets it; absent when it is not mapped. */
  configured?: ParamSource;
} & ({ ok: true; value: unknown } | { ok: true; omitted: true; message: string } | { ok: false; reason: ParamProblemReason; field: string; message: string });

/**
 * Checks a mapping's parameters against a sample (the event's body and headers, as the pipeline
 * resolves paths against them), parameter by parameter: one entry per parameter the action takes,
 * in the action's table order and mapped or not, then one per single field, custom property or
 * unknown name the mapping configures, in configured order. The first failed entry among the
 * action's own parameters is the skip the pipeline would log for this payload.
 */
export function checkParamsAgainstSample(actionType: ActionType, params: MappingConfig['params'], sample: PathRoot): SampleParamCheck[] {
  const configuredOf = (name: string) => (Object.hasOwn(params, name) ? { configured: params[name] } : {});
  const malformed = new Map<string, string>();
  for (const [name, source] of Object.entries(params)) {
    if (!('path' in source)) continue;
    const path = checkPath(source.path);
    if (!path.ok) malformed.set(name, path.message);
  }

  const own = resolveParams(actionType, params, sample).map((outcome): SampleParamCheck => {
    const { param } = outcome;
    const about = { name: param.name, param: param.name, kind: param.kind, required: param.required, ...configuredOf(param.name) };
    const badPath = malformed.get(param.name);
    // A malformed path resolves to nothing: say what is wrong with the path rather than call the value missing.
    if (badPath !== undefined && (outcome.state !== 'failed' || outcome.problem.reason === 'missing_field')) {
      return { ...about, ok: false, reason: 'invalid_path', field: param.name, message: badPath };
    }
    if (outcome.state === 'failed') return { ...about, ok: false, ...outcome.problem };
    if (outcome.state === 'resolved') return { ...about, ok: true, value: outcome.value };
    const fields = isObjectParam(param) ? Object.keys(params).filter((name) => targetOf(actionType, name)?.field !== undefined && targetOf(actionType, name)?.param === param) : [];
    return { ...about, ok: true, omitted: true, message: omittedBecause(param.name, about.configured, fields.length > 0, sample) };
  });

  const extra = Object.entries(params).flatMap(([name, source]): SampleParamCheck[] => {
    const target = targetOf(actionType, name);
    if (target === undefined) return [{ name, required: false, configured: source, ok: false, reason: 'unknown_parameter', field: name, message: takesNoParam(actionType, name) }];
    const field = target.field;
    if (field === undefined) return [];
    const about = { name, param: target.param.name, kind: target.param.kind, required: false, configured: source };
    if (field === '') return [{ ...about, ok: false, reason: 'unknown_parameter', field: name, message: namesNoField(name, target.param) }];
    const badPath = malformed.get(name);
    if (badPath !== undefined) return [{ ...about, ok: false, reason: 'invalid_path', field: name, message: badPath }];
    // The field's name must suit its object (no '.' or '$' in properties), whatever its value.
    const named = buildObject(target.param, undefined, [[field, null]]);
    if (!named.ok) return [{ ...about, ok: false, ...named.problem }];
    const value = resolveParam(sample, source);
    if (value === undefined) return [{ ...about, ok: true, omitted: true, message: omittedBecause(name, source, false, sample) }];
    return [{ ...about, ok: true, value }];
  });

  return [...own, ...extra];
}

/** Why an optional parameter is left out of the action: the sentence the editor shows beside it. */
function omittedBecause(name: string, source: ParamSource | undefined, hasFields: boolean, sample: PathRoot): string {
  // An object parameter that resolved yet is absent resolved to an empty object.
  if (source !== undefined && resolveParam(sample, source) !== undefined) return `optional field "${name}" is left out (it is an empty object)`;
  const why = source !== undefined ? whyAbsent(source, sample) : hasFields ? 'none of its fields resolves' : 'not mapped';
  return `optional field "${name}" is left out (${source !== undefined && hasFields ? `${why}, nor do any of its fields` : why})`;
}
