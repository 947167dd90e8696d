import { entriesOf } from '../shared/response-fields.schema';
import { OpenAPIRegistry, pathParams, registerRoute, SOURCE_ENV_NOT_FOUND, SourceEnvParams } from '../shared/openapi-registry';
import { EventTypeSampleSchema, EventTypeSchema } from './event-types.schema';

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
  registerRoute(registry, {
    method: 'get',
    path: '/v1/sources/{key}/environments/{env}/event-types/{type}/samples',
    summary: 'List the recent samples of an event type',
    description:
      'The last 10 events of the type the event-log kept as samples (each body at most 64 KiB), newest received first: event id, received time, body and headers (credentials redacted). Types last seen before samples were kept have none. A sample can be named by its `event_id` in a mapping check or a dry run.',
    tags: ['event types'],
    params: SourceEnvParams.extend(pathParams({ type: 'The event type (URL-encoded).' }).shape),
    responses: { 200: { description: 'The samples, newest first.', schema: entriesOf(EventTypeSampleSchema) } },
    errors: [...SOURCE_ENV_NOT_FOUND, 'event_type_not_found'],
  });
}
