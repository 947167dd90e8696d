import { entriesOf } from '../shared/response-fields.schema';
import { OpenAPIRegistry, registerRoute, SOURCE_ENV_NOT_FOUND, SourceEnvParams } from '../shared/openapi-registry';
import { EventTypeSchema } from './event-types.schema';

/** The routes of event-types.controller.ts. */
export function registerEventTypesRoutes(registry: OpenAPIRegistry): void {
  registerRoute(registry, {
    method: 'get',
    path: '/v1/sources/{key}/environments/{env}/event-types',
    summary: 'List known event types',
    description: 'Every event type received in the environment: first and last seen, count, a recent sample payload.',
    tags: ['event types'],
    params: SourceEnvParams,
    responses: { 200: { description: 'The event types, by name.', schema: entriesOf(EventTypeSchema) } },
    errors: [...SOURCE_ENV_NOT_FOUND],
  });
}
