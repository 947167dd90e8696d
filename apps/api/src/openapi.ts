import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerApiKeysRoutes } from './api-keys/api-keys.openapi';
import { registerDirectoryRoutes } from './directory/directory.openapi';
import { registerEventTypesRoutes } from './event-types/event-types.openapi';
import { registerLogsRoutes } from './logs/logs.openapi';
import { registerMappingsRoutes } from './mappings/mappings.openapi';
import { OpenAPIRegistry } from './shared/openapi-registry';
import { registerServiceRoutes } from './shared/service.openapi';
import { registerSigningKeysRoutes } from './signing-keys/signing-keys.openapi';
import { registerSourceActivityRoutes } from './source-activity/source-activity.openapi';
import { registerSourceSummaryRoutes } from './source-summary/source-summary.openapi';
import { registerSourcesRoutes } from './sources/sources.openapi';
import { registerWorkflowsRoutes } from './workflows/workflows.openapi';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const DESCRIPTION = [
  'Inlet\'s management API (served by the `api` service). Every `/v1` route needs `Authorization: Bearer <api key>`: the bootstrap key',
  '(`INLET_API_KEY`) or one created with `POST /v1/api-keys`. JSON in and out, snake_case. Errors are',
  '`{"error": {"code": "...", "message": "..."}}`; a 400 names the field at fault.',
  '',
  '**Ingestion (for reference; served by the gateway, not by this API):** `POST {GATEWAY_PUBLIC_URL}/integrations/receive/{token}`,',
  'the `endpoint` URL of a source environment. Custom sources take any JSON body and answer 202 with the log id (also in the',
  '`X-Inlet-Log-Id` header), or 400 (`invalid_json`), 401 (`signature_missing`, `signature_invalid` when verification is enforced:',
  'hex HMAC-SHA256 of the raw body in `X-Knock-Signature` or the configured header), 404 (unknown token), 413 (`too_large`), 503.',
  'Legacy HTTP sources take one Segment track event and answer 204 (log id in `X-Inlet-Log-Id`), 400 `invalid_event` naming the',
  'field, or 415 without `Content-Type: application/json`; `POST .../receive/{token}/batch` takes `{"batch": [...]}` (up to 500 KB)',
  'and answers 200 with each item\'s outcome and log id.',
].join('\n');

const TAGS = ['sources', 'environments', 'signing keys', 'logs', 'event types', 'mappings', 'workflows', 'directory', 'api keys', 'service'];

/**
 * Each resource registers its routes from the zod schemas its controller parses requests with and
 * its presenters build answers with; the generator turns them into JSON Schema (2020-12).
 */
export function buildOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The bootstrap key (`INLET_API_KEY`) or a key created with `POST /v1/api-keys`.',
  });
  for (const register of [
    registerSourcesRoutes,
    registerSourceActivityRoutes,
    registerSourceSummaryRoutes,
    registerSigningKeysRoutes,
    registerLogsRoutes,
    registerEventTypesRoutes,
    registerMappingsRoutes,
    registerWorkflowsRoutes,
    registerDirectoryRoutes,
    registerApiKeysRoutes,
    registerServiceRoutes,
  ]) {
    register(registry);
  }
  return registry;
}

/** The OpenAPI 3.1 document of the api, generated from the request and response schemas. */
export function buildOpenApiDocument(): OpenApiDocument {
  return new OpenApiGeneratorV31(buildOpenApiRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Inlet management API', version: '1.0.0', description: DESCRIPTION },
    tags: TAGS.map((name) => ({ name })),
  });
}
