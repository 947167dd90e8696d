import { EnvParam, OpenAPIRegistry, registerRoute } from '../shared/openapi-registry';
import { z } from 'zod';
import { SourceActivityListSchema } from './source-activity.schema';

/** The route of source-activity.controller.ts, from the response schema the controller parses with. */
export function registerSourceActivityRoutes(registry: OpenAPIRegistry): void {
  registerRoute(registry, {
    method: 'get',
    path: '/v1/environments/{env}/source-activity',
    summary: 'What each source received in an environment',
    description: "Per source: when its newest request arrived (accepted or refused) and how many arrived in the last 24 hours. The dashboard's sources list.",
    tags: ['sources'],
    params: z.object({ env: EnvParam }),
    responses: { 200: { description: 'One entry per source, by key.', schema: SourceActivityListSchema } },
    errors: ['environment_not_found'],
  });
}
