import type { ApiErrorCode } from '../shared/api-errors';
import { entriesOf } from '../shared/response-fields.schema';
import { OpenAPIRegistry, pathParams, registerRoute } from '../shared/openapi-registry';
import {
  AudienceMemberSchema,
  DirectoryObjectSchema,
  DirectoryTenantSchema,
  DirectoryUserSchema,
  EnvironmentQuery,
  SubscriptionSchema,
  WorkflowRunSchema,
  WorkflowRunsPageSchema,
  WorkflowRunsQuery,
} from './directory.schema';

/** The routes of directory.controller.ts. */
export function registerDirectoryRoutes(registry: OpenAPIRegistry): void {
  const tags = ['directory'];
  const INVALID_QUERY: ApiErrorCode[] = ['invalid_request'];
  registerRoute(registry, {
    method: 'get',
    path: '/v1/workflow-runs',
    summary: 'List workflow runs',
    description: 'One run per recipient of each trigger workflow action, newest first. Runs are also published on the `inlet.workflow.triggered.v1` topic.',
    tags: ['workflows'],
    query: WorkflowRunsQuery,
    responses: { 200: { description: 'A page of runs.', schema: WorkflowRunsPageSchema } },
    errors: [...INVALID_QUERY],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/workflow-runs/{id}',
    summary: 'Get a workflow run',
    description: 'One run, by the id a `trigger_workflow` action result lists in `workflow_run_ids`, in the environment named.',
    tags: ['workflows'],
    params: pathParams({ id: 'The run id.' }),
    query: EnvironmentQuery,
    responses: { 200: { description: 'The run.', schema: WorkflowRunSchema } },
    errors: [...INVALID_QUERY, 'workflow_run_not_found'],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/users/{id}',
    summary: 'Get a user of the built-in directory',
    tags,
    params: pathParams({ id: 'The user id.' }),
    query: EnvironmentQuery,
    responses: { 200: { description: 'The user: its stored fields and custom `properties`.', schema: DirectoryUserSchema } },
    errors: [...INVALID_QUERY, 'user_not_found'],
  });
  const ObjectParams = pathParams({ collection: 'The collection.', id: 'The object id.' });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/objects/{collection}/{id}',
    summary: 'Get an object of the built-in directory',
    tags,
    params: ObjectParams,
    query: EnvironmentQuery,
    responses: { 200: { description: 'The object.', schema: DirectoryObjectSchema } },
    errors: [...INVALID_QUERY, 'object_not_found'],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/objects/{collection}/{id}/subscriptions',
    summary: "List an object's subscriptions",
    tags,
    params: ObjectParams,
    query: EnvironmentQuery,
    responses: { 200: { description: 'Its subscribers, oldest first.', schema: entriesOf(SubscriptionSchema) } },
    errors: [...INVALID_QUERY],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/tenants/{id}',
    summary: 'Get a tenant of the built-in directory',
    tags,
    params: pathParams({ id: 'The tenant id.' }),
    query: EnvironmentQuery,
    responses: { 200: { description: 'The tenant.', schema: DirectoryTenantSchema } },
    errors: [...INVALID_QUERY, 'tenant_not_found'],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/audiences/{key}/members',
    summary: "List an audience's members",
    tags,
    params: pathParams({ key: 'The audience key.' }),
    query: EnvironmentQuery,
    responses: { 200: { description: 'Its members, oldest first.', schema: entriesOf(AudienceMemberSchema) } },
    errors: [...INVALID_QUERY, 'audience_not_found'],
  });
}
