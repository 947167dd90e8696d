import type { MappingConfig } from '@inlet/contracts';
import { checkPath } from '@inlet/domain/paths';

/**
 * A workflow trigger's schema mapping, in the workflow's terms: paths over the Segment track event
 * where `data.x` stands for `properties.x` (and `data` for all of `properties`). Absent: the
 * defaults, `userId` as the recipient and all `properties` as the workflow data.
 */
export type TriggerSchemaMapping = {
  recipients?: string;
  actor?: string;
  tenant?: string;
  /** Workflow data field → path; when given, the data is these fields only. */
  data?: Record<string, string>;
};

export type TriggerMappingCheck = { ok: true } | { ok: false; field: string; message: string };

/** Data field names become `data.<field>` parameters: no dots. */
const DATA_FIELD = /^[^.]+$/;

/** Where a trigger path points in the event: `data` is written for `properties`. */
export function eventPathOf(path: string): string {
  if (path === 'data') return 'properties';
  return path.startsWith('data.') ? `properties.${path.slice('data.'.length)}` : path;
}

/** Every path well formed and every data field name usable, naming the field at fault. */
export function checkTriggerMapping(mapping: TriggerSchemaMapping): TriggerMappingCheck {
  const paths: [string, string][] = [
    ...(['recipients', 'actor', 'tenant'] as const).flatMap((name) => (mapping[name] === undefined ? [] : [[name, mapping[name]] as [string, string]])),
    ...Object.entries(mapping.data ?? {}).map(([field, path]): [string, string] => [`data.${field}`, path]),
  ];
  for (const field of Object.keys(mapping.data ?? {})) {
    if (!DATA_FIELD.test(field)) return { ok: false, field: `data.${field}`, message: 'a data field name cannot contain "."' };
  }
  for (const [field, path] of paths) {
    const check = checkPath(path);
    if (!check.ok) return { ok: false, field, message: check.message };
  }
  return { ok: true };
}

/** The trigger workflow parameters of a trigger: what its mapping in each environment runs. */
export function triggerParams(workflowKey: string, mapping: TriggerSchemaMapping): MappingConfig['params'] {
  const params: MappingConfig['params'] = {
    key: { literal: workflowKey },
    recipients: { path: eventPathOf(mapping.recipients ?? 'userId') },
  };
  if (mapping.actor !== undefined) params.actor = { path: eventPathOf(mapping.actor) };
  if (mapping.tenant !== undefined) params.tenant = { path: eventPathOf(mapping.tenant) };
  if (mapping.data === undefined) params.data = { path: 'properties' };
  for (const [field, path] of Object.entries(mapping.data ?? {})) params[`data.${field}`] = { path: eventPathOf(path) };
  return params;
}
