import { entriesOf } from '../shared/response-fields.schema';
import { idParam, INVALID_BODY, OpenAPIRegistry, registerRoute } from '../shared/openapi-registry';
import { ApiKeySchema, CreateApiKeyBody, CreatedApiKeySchema } from './api-keys.schema';

/** The routes of api-keys.controller.ts. */
export function registerApiKeysRoutes(registry: OpenAPIRegistry): void {
  const tags = ['api keys'];
  registerRoute(registry, {
    method: 'post',
    path: '/v1/api-keys',
    summary: 'Create an API key',
    description: 'The key is shown in full (`key`) in this answer only; it is stored as a SHA-256 hash.',
    tags,
    body: CreateApiKeyBody,
    responses: { 201: { description: 'The key, with its secret.', schema: CreatedApiKeySchema } },
    errors: [...INVALID_BODY],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/api-keys',
    summary: 'List API keys',
    description: 'By prefix, revoked ones included, oldest first.',
    tags,
    responses: { 200: { description: 'The keys.', schema: entriesOf(ApiKeySchema) } },
  });
  registerRoute(registry, {
    method: 'delete',
    path: '/v1/api-keys/{id}',
    summary: 'Revoke an API key',
    description: 'A revoked key gets 401 from then on.',
    tags,
    params: idParam('The API key id.'),
    responses: { 204: { description: 'Revoked.' } },
    errors: ['api_key_not_found'],
  });
}
