import { entriesOf } from '../shared/response-fields.schema';
import { INVALID_BODY, OpenAPIRegistry, registerRoute, SOURCE_ENV_NOT_FOUND, SourceEnvParams } from '../shared/openapi-registry';
import { CreatedSigningKeySchema, CreateSigningKeyBody, SigningKeySchema } from './signing-keys.schema';

/** The routes of signing-keys.controller.ts. */
export function registerSigningKeysRoutes(registry: OpenAPIRegistry): void {
  const tags = ['signing keys'];
  const path = '/v1/sources/{key}/environments/{env}/signing-keys';
  registerRoute(registry, {
    method: 'post',
    path,
    summary: 'Create a signing key',
    description:
      'A new key, shown in full (`secret`) in this answer only. The key it replaces keeps verifying until `previous_valid_until` (at most 7 days ahead), or stops at once without it.',
    tags,
    params: SourceEnvParams,
    body: CreateSigningKeyBody,
    responses: { 201: { description: 'The key, with its secret.', schema: CreatedSigningKeySchema } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'get',
    path,
    summary: 'List signing keys',
    description: 'Keys still verifying: the current one and those inside their rotation overlap; by prefix only.',
    tags,
    params: SourceEnvParams,
    responses: { 200: { description: 'The keys.', schema: entriesOf(SigningKeySchema) } },
    errors: [...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'delete',
    path: `${path}/{id}`,
    summary: 'Revoke a signing key',
    description: 'Immediate. The current key cannot be revoked while verification is enforced.',
    tags,
    params: SourceEnvParams.extend({ id: SourceEnvParams.shape.key.meta({ description: 'The signing key id.' }) }),
    responses: { 204: { description: 'Revoked.' } },
    errors: [...SOURCE_ENV_NOT_FOUND, 'signing_key_not_found', 'verification_enabled'],
  });
}
