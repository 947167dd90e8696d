import { ActionTypeSchema } from '@inlet/contracts';
import { ACTION_PARAMS } from '@inlet/domain/mapping';
import type { ApiErrorCode } from '../shared/api-errors';
import { entriesOf } from '../shared/response-fields.schema';
import { idParam, INVALID_BODY, OpenAPIRegistry, registerRoute, SOURCE_ENV_NOT_FOUND, SourceEnvParams } from '../shared/openapi-registry';
import { CheckMappingBody, DryRunBody, DryRunSchema, MappingCheckSchema } from './mapping-checks.schema';
import { CopyMappingsBody, CreateMappingBody, MappingSchema, MappingsQuery, MappingWithWarningsSchema, UpdateMappingBody } from './mappings.schema';

const actionParamsTable = ActionTypeSchema.options
  .map((type) => `- \`${type}\`: ${ACTION_PARAMS[type].map((p) => (p.required ? `**${p.name}**` : p.name)).join(', ')}`)
  .join('\n');

/** The routes of mappings.controller.ts. */
export function registerMappingsRoutes(registry: OpenAPIRegistry): void {
  const tags = ['mappings'];
  const base = '/v1/sources/{key}/environments/{env}/mappings';
  const MappingParams = SourceEnvParams.extend(idParam('The mapping id.').shape);
  const MAPPING_NOT_FOUND: ApiErrorCode[] = [...SOURCE_ENV_NOT_FOUND, 'mapping_not_found'];
  registerRoute(registry, {
    method: 'post',
    path: base,
    summary: 'Create a mapping',
    description: `An action to run for every event of \`event_type\`, in the fixed execution order. Each parameter is \`{"path": "<dot path>"}\` (a value or a whole sub-object of the payload) or \`{"literal": <value>}\`; \`data.<field>\`, \`properties.<name>\` and \`settings.<name>\` set one field of an object parameter. Parameters per action (required in bold):\n${actionParamsTable}\n\nAn event type never received there is allowed, with a warning.`,
    tags,
    params: SourceEnvParams,
    body: CreateMappingBody,
    responses: { 201: { description: 'The mapping, with `warnings`.', schema: MappingWithWarningsSchema } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'get',
    path: base,
    summary: 'List mappings',
    description: 'Oldest first.',
    tags,
    params: SourceEnvParams,
    query: MappingsQuery,
    responses: { 200: { description: 'The mappings.', schema: entriesOf(MappingSchema) } },
    errors: ['invalid_request', ...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'post',
    path: `${base}/copy`,
    summary: "Copy this environment's mappings to another",
    description: "Each copy gets a new id; `replace: true` deletes the target environment's mappings first. Mappings made by workflow triggers are left out.",
    tags,
    params: SourceEnvParams,
    body: CopyMappingsBody,
    responses: { 200: { description: 'The copies.', schema: entriesOf(MappingSchema) } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'get',
    path: `${base}/{id}`,
    summary: 'Get a mapping',
    tags,
    params: MappingParams,
    responses: { 200: { description: 'The mapping.', schema: MappingSchema } },
    errors: [...MAPPING_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'patch',
    path: `${base}/{id}`,
    summary: 'Update a mapping',
    tags,
    params: MappingParams,
    body: UpdateMappingBody,
    responses: { 200: { description: 'The mapping, with `warnings`.', schema: MappingWithWarningsSchema } },
    errors: [...INVALID_BODY, ...MAPPING_NOT_FOUND, 'managed_by_trigger', 'conflict'],
  });
  registerRoute(registry, {
    method: 'delete',
    path: `${base}/{id}`,
    summary: 'Delete a mapping',
    tags,
    params: MappingParams,
    responses: { 204: { description: 'Deleted.' } },
    errors: [...MAPPING_NOT_FOUND, 'managed_by_trigger'],
  });
  registerRoute(registry, {
    method: 'post',
    path: `${base}/check`,
    summary: "Check a mapping's parameters against a sample",
    description:
      'For the mapping editor: per parameter, the value the action would be sent (`resolved`), an optional one left out (`omitted`), or why it does not resolve (`unresolved`: `missing_field`, `type_mismatch`, `limit_exceeded`, a malformed path `invalid_path`, a name the action does not take `unknown_parameter`), with the field at fault. `sample` is a stored sample by its event id (`GET …/event-types/{type}/samples`) or a body (and headers) given inline. Nothing is saved.',
    tags,
    params: SourceEnvParams,
    body: CheckMappingBody,
    responses: { 200: { description: 'Each parameter against the sample, and the skip the pipeline would log.', schema: MappingCheckSchema } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND, 'sample_not_found'],
  });
  registerRoute(registry, {
    method: 'post',
    path: '/v1/sources/{key}/environments/{env}/dry-run',
    summary: "Dry-run an event's plan for a sample",
    description:
      "What the mapping-engine would plan for the sample as an event of `event_type`, with the environment's current mappings of that type (active and inactive, workflow triggers' included): the actions that would run in execution order with their payload, and the mappings skipped with the reason (`inactive`, `missing_field`, `type_mismatch`, `limit_exceeded`). Nothing is run; both lists empty means the event would be logged `no_mappings`.",
    tags,
    params: SourceEnvParams,
    body: DryRunBody,
    responses: { 200: { description: 'The plan.', schema: DryRunSchema } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND, 'sample_not_found'],
  });
  for (const [verb, description] of [
    ['activate', undefined],
    ['deactivate', 'Its events still log it, as skipped (`inactive`).'],
  ] as const) {
    registerRoute(registry, {
      method: 'post',
      path: `${base}/{id}/${verb}`,
      summary: `${verb === 'activate' ? 'Activate' : 'Deactivate'} a mapping`,
      ...(description ? { description } : {}),
      tags,
      params: MappingParams,
      responses: { 200: { description: 'The mapping.', schema: MappingSchema } },
      errors: [...MAPPING_NOT_FOUND, 'managed_by_trigger', 'conflict'],
    });
  }
}

