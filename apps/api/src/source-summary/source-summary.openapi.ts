import { OpenAPIRegistry, registerRoute, SourceEnvParams, SOURCE_ENV_NOT_FOUND } from '../shared/openapi-registry';
import { SourceSummaryQuery, SourceSummarySchema } from './source-summary.schema';

/** The route of source-summary.controller.ts, from the schemas the controller parses with. */
export function registerSourceSummaryRoutes(registry: OpenAPIRegistry): void {
  registerRoute(registry, {
    method: 'get',
    path: '/v1/sources/{key}/environments/{env}/summary',
    summary: "A source environment's last hour or day",
    description:
      'From its logs: requests received, accepted and refused (by reason), accepted ones by status (processed, failed, duplicate, ...), and p50/p99 from receipt to final status over the newest 10,000 that ended.',
    tags: ['logs'],
    params: SourceEnvParams,
    query: SourceSummaryQuery,
    responses: { 200: { description: 'The summary of the window.', schema: SourceSummarySchema } },
    errors: ['invalid_request', ...SOURCE_ENV_NOT_FOUND],
  });
}
