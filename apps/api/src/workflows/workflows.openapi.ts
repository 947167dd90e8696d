import type { ApiErrorCode } from '../shared/api-errors';
import { entriesOf } from '../shared/response-fields.schema';
import { INVALID_BODY, OpenAPIRegistry, pathParams, registerRoute } from '../shared/openapi-registry';
import { CreateTriggerBody, CreateWorkflowBody, TriggerSchema, UpdateTriggerBody, UpdateWorkflowBody, WorkflowSchema } from './workflows.schema';

/** The routes of workflows.controller.ts. */
export function registerWorkflowsRoutes(registry: OpenAPIRegistry): void {
  const tags = ['workflows'];
  const WorkflowParams = pathParams({ key: 'The workflow key.' });
  const TriggerParams = pathParams({ key: 'The workflow key.', id: 'The trigger id.' });
  const TRIGGER_NOT_FOUND: ApiErrorCode[] = ['workflow_not_found', 'trigger_not_found'];
  registerRoute(registry, {
    method: 'post',
    path: '/v1/workflows',
    summary: 'Register a workflow',
    description: 'Active in every environment unless `status` sets it inactive there. Trigger and cancel workflow actions name it by key.',
    tags,
    body: CreateWorkflowBody,
    responses: { 201: { description: 'The workflow.', schema: WorkflowSchema } },
    errors: [...INVALID_BODY, 'workflow_exists'],
  });
  registerRoute(registry, { method: 'get', path: '/v1/workflows', summary: 'List workflows', tags, responses: { 200: { description: 'Every workflow, by key.', schema: entriesOf(WorkflowSchema) } } });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/workflows/{key}',
    summary: 'Get a workflow',
    tags,
    params: WorkflowParams,
    responses: { 200: { description: 'The workflow.', schema: WorkflowSchema } },
    errors: ['workflow_not_found'],
  });
  registerRoute(registry, {
    method: 'patch',
    path: '/v1/workflows/{key}',
    summary: 'Rename a workflow or set its status per environment',
    description: 'Environments not named in `status` keep theirs. An inactive workflow fails its trigger actions with `workflow_inactive`.',
    tags,
    params: WorkflowParams,
    body: UpdateWorkflowBody,
    responses: { 200: { description: 'The workflow.', schema: WorkflowSchema } },
    errors: [...INVALID_BODY, 'workflow_not_found', 'conflict'],
  });
  registerRoute(registry, {
    method: 'post',
    path: '/v1/workflows/{key}/triggers',
    summary: 'Attach a legacy HTTP source event to a workflow as its trigger',
    description:
      'Any number of workflows per event and events per workflow. Active in every environment unless `status` sets it inactive there. Schema mapping: by default `userId` is the recipient and all `properties` are the workflow data; `mapping` may name other paths for `recipients`, `actor`, `tenant` and `data` fields, written `data.x` for `properties.x`. The trigger runs as one `trigger_workflow` mapping per environment of the source (shown by the mappings API with its `trigger_id`).',
    tags,
    params: WorkflowParams,
    body: CreateTriggerBody,
    responses: { 201: { description: 'The trigger.', schema: TriggerSchema } },
    errors: [...INVALID_BODY, 'workflow_not_found'],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/workflows/{key}/triggers',
    summary: "List a workflow's triggers",
    tags,
    params: WorkflowParams,
    responses: { 200: { description: 'Oldest first.', schema: entriesOf(TriggerSchema) } },
    errors: ['workflow_not_found'],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/workflows/{key}/triggers/{id}',
    summary: 'Get a trigger',
    tags,
    params: TriggerParams,
    responses: { 200: { description: 'The trigger.', schema: TriggerSchema } },
    errors: [...TRIGGER_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'patch',
    path: '/v1/workflows/{key}/triggers/{id}',
    summary: "Change a trigger's event or mapping, or its status per environment",
    description: 'Environments not named in `status` keep theirs: setting one inactive leaves the others firing.',
    tags,
    params: TriggerParams,
    body: UpdateTriggerBody,
    responses: { 200: { description: 'The trigger.', schema: TriggerSchema } },
    errors: [...INVALID_BODY, ...TRIGGER_NOT_FOUND, 'conflict'],
  });
  registerRoute(registry, {
    method: 'delete',
    path: '/v1/workflows/{key}/triggers/{id}',
    summary: 'Delete a trigger',
    tags,
    params: TriggerParams,
    responses: { 204: { description: 'Deleted, with its mappings.' } },
    errors: [...TRIGGER_NOT_FOUND],
  });
}

