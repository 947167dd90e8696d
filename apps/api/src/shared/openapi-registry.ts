import { OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_ERROR_STATUS, type ApiErrorCode } from './api-errors';
import { ApiErrorSchema } from './response-fields.schema';

/**
 * Building blocks of the generated OpenAPI document, shared by every resource's `*.openapi.ts`.
 * Each route is registered once, from the very zod schemas that parse its request and build its
 * answer, so the document cannot drift from what the api does.
 */

export { OpenAPIRegistry };

const param = (description: string) => z.string().meta({ description });
export const KeyParam = param('The source key.');
export const EnvParam = param('The environment name (`development`, `production`, or one created).');
export const SourceEnvParams = z.object({ key: KeyParam, env: EnvParam });
export const idParam = (description: string) => z.object({ id: param(description) });
export const pathParams = (fields: Record<string, string>) => z.object(Object.fromEntries(Object.entries(fields).map(([name, d]) => [name, param(d)])));

export const INVALID_BODY: ApiErrorCode[] = ['invalid_request', 'invalid_json'];
export const SOURCE_ENV_NOT_FOUND: ApiErrorCode[] = ['source_not_found', 'environment_not_found'];

export type Route = {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI form: `/v1/sources/{key}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success answers; no schema: no body (204). */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** The codes the route can answer; each is documented under its status in API_ERROR_STATUS. */
  errors?: ApiErrorCode[];
  /** No API key needed (`/health`, `/openapi.json`, …). */
  public?: boolean;
};

const errorResponse = (codes: string[]) => ({
  description: `Error: ${codes.map((c) => `\`${c}\``).join(', ')}`,
  content: { 'application/json': { schema: ApiErrorSchema } },
});

/** One operation: bearer auth and its 401 on every /v1 route; error answers with the shared error body. */
export function registerRoute(registry: OpenAPIRegistry, route: Route): void {
  const codes: ApiErrorCode[] = [...(route.errors ?? []), ...(route.public ? [] : (['unauthenticated'] as const))];
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) byStatus.set(API_ERROR_STATUS[code], [...(byStatus.get(API_ERROR_STATUS[code]) ?? []), code]);
  const errors = Object.fromEntries([...byStatus].map(([status, grouped]) => [String(status), errorResponse(grouped)]));
  const config: RouteConfig = {
    method: route.method,
    path: route.path,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    security: route.public ? [] : [{ bearerAuth: [] }],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      // parseRequest reads an absent body as `{}`: a body is required only when a field is.
      ...(route.body ? { body: { required: !route.body.safeParse({}).success, content: { 'application/json': { schema: route.body } } } } : {}),
    },
    responses: {
      ...Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema } } } : {}) },
        ]),
      ),
      ...errors,
    },
  };
  registry.registerPath(config);
}
