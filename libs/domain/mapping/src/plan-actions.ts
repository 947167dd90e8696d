import type { Action, ActionRequested, EventMapped, MappingConfig, ParamSource } from '@inlet/contracts';
import { resolvePath, type PathRoot } from '@inlet/domain/paths';

/** The fixed order in which one event's actions run, whatever order the mappings were made in. */
export const ACTION_EXECUTION_ORDER = [
  'identify_user',
  'delete_user',
  'set_object',
  'delete_object',
  'set_tenant',
  'delete_tenant',
  'subscribe',
  'unsubscribe',
  'add_audience_members',
  'remove_audience_members',
  'cancel_workflow',
  'trigger_workflow',
] as const;

export type Skip = EventMapped['skipped'][number];
export type Plan = { requests: ActionRequested[]; skipped: Skip[] };

type Built = { ok: true; action: Action } | { ok: false; skip: Omit<Skip, 'mappingId' | 'actionType' | 'configured'> };
type Resolved = { found: true; value: unknown } | { found: false };

/**
 * Turns one event's mappings into action requests in the fixed execution order. A mapping whose
 * required parameter is missing or of the wrong type is skipped with the field named; the others
 * still run.
 */
export function planActions(input: { eventId: string; eventType: string; root: PathRoot; mappings: readonly MappingConfig[] }): Plan {
  const ordered = [...input.mappings].sort((a, b) => rank(a.actionType) - rank(b.actionType));
  const requests: ActionRequested[] = [];
  const skipped: Skip[] = [];
  for (const mapping of ordered) {
    const about = { mappingId: mapping.id, actionType: mapping.actionType, configured: mapping.params };
    if (!mapping.active) {
      skipped.push({ ...about, reason: 'inactive', message: 'mapping is inactive' });
      continue;
    }
    const built = buildAction(mapping, (source) => resolveParam(input.root, source));
    if (!built.ok) {
      skipped.push({ ...about, ...built.skip });
      continue;
    }
    requests.push({
      actionId: `${input.eventId}:${mapping.id}`,
      mappingId: mapping.id,
      position: requests.length,
      eventType: input.eventType,
      configured: mapping.params,
      action: built.action,
    });
  }
  return { requests, skipped };
}

function rank(actionType: string): number {
  const index = (ACTION_EXECUTION_ORDER as readonly string[]).indexOf(actionType);
  return index === -1 ? ACTION_EXECUTION_ORDER.length : index;
}

function resolveParam(root: PathRoot, source: ParamSource): Resolved {
  return 'path' in source ? resolvePath(root, source.path) : { found: true, value: source.literal };
}

/** Custom property names are stored as document fields: no dots, no leading `$`. */
const PROPERTY_NAME = /^[^.$][^.]*$/;

const USER_FIELDS = ['name', 'email', 'phone_number', 'avatar', 'locale', 'timezone'] as const;

function buildAction(mapping: MappingConfig, resolve: (source: ParamSource) => Resolved): Built {
  switch (mapping.actionType) {
    case 'identify_user':
      return buildIdentifyUser(mapping.params, resolve);
    default:
      return { ok: false, skip: { reason: 'unsupported_action', message: `action type "${mapping.actionType}" is not supported` } };
  }
}

/** identify user: `id` required; known profile fields; every other parameter is a custom property. */
function buildIdentifyUser(params: MappingConfig['params'], resolve: (source: ParamSource) => Resolved): Built {
  const values = new Map<string, unknown>();
  for (const [name, source] of Object.entries(params)) {
    const resolved = resolve(source);
    if (resolved.found && resolved.value !== null) values.set(name, resolved.value);
  }
  const id = values.get('id');
  if (id === undefined) return missing('id', params.id);
  if (typeof id !== 'string' || id.length === 0) return mismatch('id', 'a non-empty string', id);

  const action: Extract<Action, { type: 'identify_user' }> = { type: 'identify_user', params: { id } };
  for (const field of USER_FIELDS) {
    const value = values.get(field);
    if (value === undefined) continue;
    if (typeof value !== 'string') return mismatch(field, 'a string', value);
    action.params[field] = value;
  }
  const properties: Record<string, unknown> = {};
  for (const [name, value] of values) {
    if (name === 'id' || (USER_FIELDS as readonly string[]).includes(name)) continue;
    if (name === 'properties') {
      if (!isPlainObject(value)) return mismatch('properties', 'an object', value);
      Object.assign(properties, value);
    } else {
      properties[name] = value;
    }
  }
  const badName = Object.keys(properties).find((name) => !PROPERTY_NAME.test(name));
  if (badName !== undefined) return mismatch(`properties.${badName}`, "a name without '.' that does not start with '$'", badName);
  if (Object.keys(properties).length > 0) action.params.properties = properties;
  return { ok: true, action };
}

function missing(field: string, source: ParamSource | undefined): Built {
  const where = source && 'path' in source ? ` (path "${source.path}" does not resolve)` : ' (not mapped)';
  return { ok: false, skip: { reason: 'missing_field', field, message: `required field "${field}" is missing${where}` } };
}

function mismatch(field: string, expected: string, value: unknown): Built {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return { ok: false, skip: { reason: 'type_mismatch', field, message: `field "${field}" must be ${expected}, got ${got}` } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
