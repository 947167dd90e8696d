import { ActionTypeSchema } from '@inlet/contracts';
import { ACTION_PARAMS } from '@inlet/domain/mapping';
import { EnvironmentQuery, WorkflowRunsQuery } from './directory.schema';
import { CopyMappingsBody, CreateMappingBody, MappingsQuery, UpdateMappingBody } from '../mappings/mappings.schema';
import { CreateTriggerBody, CreateWorkflowBody, UpdateTriggerBody, UpdateWorkflowBody } from '../workflows/workflows.schema';
import { CONFLICT, ENV, INVALID_BODY, KEY, SOURCE_ENV_NOT_FOUND, VERSION, dateTime, error, jsonSchema, list, nullable, ok, op, pathParam, ref, type Json } from '../shared/openapi-parts';

/** The mappings, workflows and built-in directory part of the OpenAPI document. */

export const DIRECTORY_TAGS = ['mappings', 'workflows', 'directory'];

/** Each field of a query schema as a query parameter. */
function queryParameters(schema: Parameters<typeof jsonSchema>[0], descriptions: Record<string, string>): Json[] {
  const { properties, required = [] } = jsonSchema(schema) as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: required.includes(name), description: descriptions[name], schema: s }));
}

const MAPPING_ID = pathParam('id', 'The mapping id.');
const MAPPING_NOT_FOUND = error('404', ['source_not_found', 'environment_not_found', 'mapping_not_found']);
/** A trigger's mapping changes through its trigger only. */
const MANAGED_BY_TRIGGER = error('409', ['managed_by_trigger']);
const MANAGED_OR_CONFLICT = error('409', ['managed_by_trigger', 'conflict']);
const ENVIRONMENT = queryParameters(EnvironmentQuery, { environment: 'The environment (`development`, `production`, or one created).' });
const actionParamsTable = ActionTypeSchema.options
  .map((type) => `- \`${type}\`: ${ACTION_PARAMS[type].map((p) => (p.required ? `**${p.name}**` : p.name)).join(', ')}`)
  .join('\n');

export function directoryPaths(): Json {
  const mappings = ['mappings'];
  const workflows = ['workflows'];
  const directory = ['directory'];
  const base = '/v1/sources/{key}/environments/{env}/mappings';
  return {
    [base]: {
      post: op({
        summary: 'Create a mapping',
        description: `An action to run for every event of \`event_type\`, in the fixed execution order. Each parameter is \`{"path": "<dot path>"}\` (a value or a whole sub-object of the payload) or \`{"literal": <value>}\`; \`data.<field>\`, \`properties.<name>\` and \`settings.<name>\` set one field of an object parameter. Parameters per action (required in bold):\n${actionParamsTable}\n\nAn event type never received there is allowed, with a warning.`,
        tags: mappings,
        parameters: [KEY, ENV],
        body: jsonSchema(CreateMappingBody),
        responses: { '201': ok('The mapping, with `warnings`.', ref('MappingWithWarnings')) },
        errors: [INVALID_BODY, SOURCE_ENV_NOT_FOUND],
      }),
      get: op({
        summary: 'List mappings',
        description: 'Oldest first.',
        tags: mappings,
        parameters: [KEY, ENV, ...queryParameters(MappingsQuery, { event_type: 'Only mappings of this event type.' })],
        responses: { '200': ok('The mappings.', list(ref('Mapping'))) },
        errors: [error('400', ['invalid_request']), SOURCE_ENV_NOT_FOUND],
      }),
    },
    [`${base}/copy`]: {
      post: op({
        summary: "Copy this environment's mappings to another",
        description: 'Each copy gets a new id; `replace: true` deletes the target environment\'s mappings first.',
        tags: mappings,
        parameters: [KEY, ENV],
        body: jsonSchema(CopyMappingsBody),
        responses: { '200': ok('The copies.', list(ref('Mapping'))) },
        errors: [INVALID_BODY, SOURCE_ENV_NOT_FOUND],
      }),
    },
    [`${base}/{id}`]: {
      get: op({ summary: 'Get a mapping', tags: mappings, parameters: [KEY, ENV, MAPPING_ID], responses: { '200': ok('The mapping.', ref('Mapping')) }, errors: [MAPPING_NOT_FOUND] }),
      patch: op({
        summary: 'Update a mapping',
        tags: mappings,
        parameters: [KEY, ENV, MAPPING_ID],
        body: jsonSchema(UpdateMappingBody),
        responses: { '200': ok('The mapping, with `warnings`.', ref('MappingWithWarnings')) },
        errors: [INVALID_BODY, MAPPING_NOT_FOUND, MANAGED_OR_CONFLICT],
      }),
      delete: op({ summary: 'Delete a mapping', tags: mappings, parameters: [KEY, ENV, MAPPING_ID], responses: { '204': { description: 'Deleted.' } }, errors: [MAPPING_NOT_FOUND, MANAGED_BY_TRIGGER] }),
    },
    [`${base}/{id}/activate`]: {
      post: op({ summary: 'Activate a mapping', tags: mappings, parameters: [KEY, ENV, MAPPING_ID], responses: { '200': ok('The mapping.', ref('Mapping')) }, errors: [MAPPING_NOT_FOUND, MANAGED_OR_CONFLICT] }),
    },
    [`${base}/{id}/deactivate`]: {
      post: op({
        summary: 'Deactivate a mapping',
        description: 'Its events still log it, as skipped (`inactive`).',
        tags: mappings,
        parameters: [KEY, ENV, MAPPING_ID],
        responses: { '200': ok('The mapping.', ref('Mapping')) },
        errors: [MAPPING_NOT_FOUND, MANAGED_OR_CONFLICT],
      }),
    },
    '/v1/workflows': {
      post: op({
        summary: 'Register a workflow',
        description: 'Active in every environment unless `status` sets it inactive there. Trigger and cancel workflow actions name it by key.',
        tags: workflows,
        body: jsonSchema(CreateWorkflowBody),
        responses: { '201': ok('The workflow.', ref('Workflow')) },
        errors: [INVALID_BODY, error('409', ['workflow_exists'])],
      }),
      get: op({ summary: 'List workflows', tags: workflows, responses: { '200': ok('Every workflow, by key.', list(ref('Workflow'))) } }),
    },
    '/v1/workflows/{key}': {
      get: op({ summary: 'Get a workflow', tags: workflows, parameters: [pathParam('key', 'The workflow key.')], responses: { '200': ok('The workflow.', ref('Workflow')) }, errors: [error('404', ['workflow_not_found'])] }),
      patch: op({
        summary: 'Rename a workflow or set its status per environment',
        description: 'Environments not named in `status` keep theirs. An inactive workflow fails its trigger actions with `workflow_inactive`.',
        tags: workflows,
        parameters: [pathParam('key', 'The workflow key.')],
        body: jsonSchema(UpdateWorkflowBody),
        responses: { '200': ok('The workflow.', ref('Workflow')) },
        errors: [INVALID_BODY, error('404', ['workflow_not_found']), CONFLICT],
      }),
    },
    '/v1/workflows/{key}/triggers': {
      post: op({
        summary: 'Attach a legacy HTTP source event to a workflow as its trigger',
        description:
          'Any number of workflows per event and events per workflow. Active in every environment unless `status` sets it inactive there. Schema mapping: by default `userId` is the recipient and all `properties` are the workflow data; `mapping` may name other paths for `recipients`, `actor`, `tenant` and `data` fields, written `data.x` for `properties.x`. The trigger runs as one `trigger_workflow` mapping per environment of the source (shown by the mappings API with its `trigger_id`).',
        tags: workflows,
        parameters: [pathParam('key', 'The workflow key.')],
        body: jsonSchema(CreateTriggerBody),
        responses: { '201': ok('The trigger.', ref('Trigger')) },
        errors: [INVALID_BODY, error('404', ['workflow_not_found'])],
      }),
      get: op({ summary: "List a workflow's triggers", tags: workflows, parameters: [pathParam('key', 'The workflow key.')], responses: { '200': ok('Oldest first.', list(ref('Trigger'))) }, errors: [error('404', ['workflow_not_found'])] }),
    },
    '/v1/workflows/{key}/triggers/{id}': {
      get: op({
        summary: 'Get a trigger',
        tags: workflows,
        parameters: [pathParam('key', 'The workflow key.'), pathParam('id', 'The trigger id.')],
        responses: { '200': ok('The trigger.', ref('Trigger')) },
        errors: [error('404', ['workflow_not_found', 'trigger_not_found'])],
      }),
      patch: op({
        summary: "Change a trigger's event or mapping, or its status per environment",
        description: 'Environments not named in `status` keep theirs: setting one inactive leaves the others firing.',
        tags: workflows,
        parameters: [pathParam('key', 'The workflow key.'), pathParam('id', 'The trigger id.')],
        body: jsonSchema(UpdateTriggerBody),
        responses: { '200': ok('The trigger.', ref('Trigger')) },
        errors: [INVALID_BODY, error('404', ['workflow_not_found', 'trigger_not_found']), CONFLICT],
      }),
      delete: op({
        summary: 'Delete a trigger',
        tags: workflows,
        parameters: [pathParam('key', 'The workflow key.'), pathParam('id', 'The trigger id.')],
        responses: { '204': { description: 'Deleted, with its mappings.' } },
        errors: [error('404', ['workflow_not_found', 'trigger_not_found'])],
      }),
    },
    '/v1/workflow-runs': {
      get: op({
        summary: 'List workflow runs',
        description: 'One run per recipient of each trigger workflow action, newest first. Runs are also published on the `inlet.workflow.triggered.v1` topic.',
        tags: workflows,
        parameters: queryParameters(WorkflowRunsQuery, {
          environment: 'The environment.',
          workflow: 'Only runs of this workflow key.',
          recipient: 'Only runs for this recipient id (a user id, or an object id with `recipient_collection`).',
          recipient_collection: 'The collection of an object recipient.',
          event_id: 'Only runs triggered by this event (its log id).',
          status: '`pending` or `canceled`.',
          limit: 'Page size, 1 to 100 (default 50).',
          cursor: '`page_info.next_cursor` of the previous page.',
        }),
        responses: {
          '200': ok('A page of runs.', { type: 'object', properties: { entries: { type: 'array', items: ref('WorkflowRun') }, page_info: { type: 'object', properties: { next_cursor: nullable({ type: 'string' }) } } } }),
        },
        errors: [error('400', ['invalid_request'])],
      }),
    },
    '/v1/users/{id}': {
      get: op({
        summary: 'Get a user of the built-in directory',
        tags: directory,
        parameters: [pathParam('id', 'The user id.'), ...ENVIRONMENT],
        responses: { '200': ok('The user: its stored fields and custom `properties`.', entity({ id: { type: 'string' } })) },
        errors: [error('400', ['invalid_request']), error('404', ['user_not_found'])],
      }),
    },
    '/v1/objects/{collection}/{id}': {
      get: op({
        summary: 'Get an object of the built-in directory',
        tags: directory,
        parameters: [pathParam('collection', 'The collection.'), pathParam('id', 'The object id.'), ...ENVIRONMENT],
        responses: { '200': ok('The object.', entity({ collection: { type: 'string' }, id: { type: 'string' } })) },
        errors: [error('400', ['invalid_request']), error('404', ['object_not_found'])],
      }),
    },
    '/v1/objects/{collection}/{id}/subscriptions': {
      get: op({
        summary: "List an object's subscriptions",
        tags: directory,
        parameters: [pathParam('collection', 'The collection.'), pathParam('id', 'The object id.'), ...ENVIRONMENT],
        responses: {
          '200': ok(
            'Its subscribers, oldest first.',
            list({ type: 'object', properties: { recipient: ref('Recipient'), properties: { type: 'object' }, created_at: dateTime, updated_at: dateTime } }),
          ),
        },
        errors: [error('400', ['invalid_request'])],
      }),
    },
    '/v1/tenants/{id}': {
      get: op({
        summary: 'Get a tenant of the built-in directory',
        tags: directory,
        parameters: [pathParam('id', 'The tenant id.'), ...ENVIRONMENT],
        responses: { '200': ok('The tenant.', entity({ id: { type: 'string' }, settings: { type: 'object' } })) },
        errors: [error('400', ['invalid_request']), error('404', ['tenant_not_found'])],
      }),
    },
    '/v1/audiences/{key}/members': {
      get: op({
        summary: "List an audience's members",
        tags: directory,
        parameters: [pathParam('key', 'The audience key.'), ...ENVIRONMENT],
        responses: { '200': ok('Its members, oldest first.', list({ type: 'object', properties: { user_id: { type: 'string' }, tenant: nullable({ type: 'string' }), created_at: dateTime } })) },
        errors: [error('400', ['invalid_request']), error('404', ['audience_not_found'])],
      }),
    },
  };
}

/** A directory entity: the given fields, `environment`, custom `properties` and timestamps. */
function entity(fields: Json): Json {
  return {
    type: 'object',
    properties: { ...fields, environment: { type: 'string' }, properties: { type: 'object' }, created_at: dateTime, updated_at: dateTime },
    additionalProperties: true,
  };
}

export function directorySchemas(): Json {
  const ParamSource = { oneOf: [{ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }, { type: 'object', properties: { literal: {} }, required: ['literal'] }] };
  const Mapping = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      source: { type: 'string' },
      environment: { type: 'string' },
      event_type: { type: 'string' },
      action_type: { type: 'string', enum: [...ActionTypeSchema.options] },
      trigger_id: nullable({ type: 'string', description: 'The workflow trigger that owns this mapping (change it there).' }),
      params: { type: 'object', additionalProperties: ParamSource },
      active: { type: 'boolean' },
      created_at: dateTime,
      updated_at: dateTime,
      version: VERSION,
    },
    required: ['id', 'source', 'environment', 'event_type', 'action_type', 'params', 'active', 'created_at', 'updated_at', 'version'],
  };
  return {
    Mapping,
    MappingWithWarnings: {
      allOf: [ref('Mapping')],
      properties: { warnings: { type: 'array', items: { type: 'object', properties: { code: { const: 'event_type_not_seen' }, message: { type: 'string' } } } } },
      required: ['warnings'],
    },
    Workflow: {
      type: 'object',
      properties: {
        key: { type: 'string' },
        name: { type: 'string' },
        status: { type: 'object', description: 'Environment name → `active` or `inactive`, for every environment.', additionalProperties: { enum: ['active', 'inactive'] } },
        created_at: dateTime,
        updated_at: dateTime,
        version: VERSION,
      },
      required: ['key', 'name', 'status', 'created_at', 'updated_at', 'version'],
    },
    Trigger: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        workflow: { type: 'string' },
        source: { type: 'string' },
        event: { type: 'string' },
        mapping: { type: 'object', properties: { recipients: { type: 'string' }, actor: { type: 'string' }, tenant: { type: 'string' }, data: { type: 'object', additionalProperties: { type: 'string' } } } },
        status: { type: 'object', description: 'Environment name → `active` or `inactive`, for every environment.', additionalProperties: { enum: ['active', 'inactive'] } },
        created_at: dateTime,
        updated_at: dateTime,
        version: VERSION,
      },
      required: ['id', 'workflow', 'source', 'event', 'mapping', 'status', 'created_at', 'updated_at', 'version'],
    },
    Recipient: {
      type: 'object',
      description: 'A user (`kind: user`) or an object reference (`kind: object`, with its collection).',
      properties: { kind: { enum: ['user', 'object'] }, id: { type: 'string' }, collection: { type: 'string' } },
      required: ['kind', 'id'],
    },
    WorkflowRun: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        workflow: { type: 'string' },
        environment: { type: 'string' },
        recipient: ref('Recipient'),
        actor: nullable(ref('Recipient')),
        data: { type: 'object' },
        tenant: nullable({ type: 'string' }),
        cancellation_key: nullable({ type: 'string' }),
        status: { enum: ['pending', 'canceled'] },
        event_id: { type: 'string' },
        action_id: { type: 'string' },
        source: { type: 'string' },
        created_at: dateTime,
        canceled_at: nullable(dateTime),
      },
      required: ['id', 'workflow', 'environment', 'recipient', 'data', 'status', 'event_id', 'action_id', 'source', 'created_at'],
    },
  };
}
