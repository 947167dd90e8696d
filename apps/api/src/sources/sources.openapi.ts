import { entriesOf } from '../shared/response-fields.schema';
import { INVALID_BODY, KeyParam, OpenAPIRegistry, registerRoute, SOURCE_ENV_NOT_FOUND, SourceEnvParams } from '../shared/openapi-registry';
import { z } from 'zod';
import {
  CreateEnvironmentBody,
  CreateSourceBody,
  EnvironmentSchema,
  SourceEnvironmentSchema,
  SourceSchema,
  UpdateSourceBody,
  UpdateSourceEnvironmentBody,
} from './sources.schema';

/** The routes of sources.controller.ts. */
export function registerSourcesRoutes(registry: OpenAPIRegistry): void {
  const tags = ['sources'];
  const envTags = ['environments'];
  const KeyParams = z.object({ key: KeyParam });
  registerRoute(registry, {
    method: 'post',
    path: '/v1/sources',
    summary: 'Create a source',
    description: 'The new source exists in every environment, each with default settings and its own endpoint.',
    tags,
    body: CreateSourceBody,
    responses: { 201: { description: 'The source.', schema: SourceSchema } },
    errors: [...INVALID_BODY, 'source_exists'],
  });
  registerRoute(registry, { method: 'get', path: '/v1/sources', summary: 'List sources', tags, responses: { 200: { description: 'Every source, by key.', schema: entriesOf(SourceSchema) } } });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/sources/{key}',
    summary: 'Get a source',
    tags,
    params: KeyParams,
    responses: { 200: { description: 'The source.', schema: SourceSchema } },
    errors: ['source_not_found'],
  });
  registerRoute(registry, {
    method: 'patch',
    path: '/v1/sources/{key}',
    summary: 'Update a source',
    tags,
    params: KeyParams,
    body: UpdateSourceBody,
    responses: { 200: { description: 'The source.', schema: SourceSchema } },
    errors: [...INVALID_BODY, 'source_not_found'],
  });
  registerRoute(registry, {
    method: 'delete',
    path: '/v1/sources/{key}',
    summary: 'Delete a source',
    description: 'Deletes it in every environment, with its mappings; its endpoints answer 404 from then on.',
    tags,
    params: KeyParams,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['source_not_found'],
  });
  registerRoute(registry, {
    method: 'post',
    path: '/v1/environments',
    summary: 'Create an environment',
    description: 'Every source gets a configuration there, with defaults and a fresh endpoint.',
    tags: envTags,
    body: CreateEnvironmentBody,
    responses: { 201: { description: 'The environment.', schema: EnvironmentSchema } },
    errors: [...INVALID_BODY, 'environment_exists'],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/environments',
    summary: 'List environments',
    tags: envTags,
    responses: { 200: { description: 'Every environment, by name.', schema: entriesOf(EnvironmentSchema) } },
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/sources/{key}/environments/{env}',
    summary: "Get a source environment's settings and endpoint",
    tags: envTags,
    params: SourceEnvParams,
    responses: { 200: { description: 'Settings and the read-only endpoint URL.', schema: SourceEnvironmentSchema } },
    errors: [...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'patch',
    path: '/v1/sources/{key}/environments/{env}',
    summary: "Update a source environment's settings",
    description: 'Legacy HTTP sources have fixed type, time and idempotency key paths and no signature: changing those answers 400 naming the field.',
    tags: envTags,
    params: SourceEnvParams,
    body: UpdateSourceEnvironmentBody,
    responses: { 200: { description: 'The source environment.', schema: SourceEnvironmentSchema } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND, 'no_signing_key', 'conflict'],
  });
  registerRoute(registry, {
    method: 'post',
    path: '/v1/sources/{key}/environments/{env}/endpoint/regenerate',
    summary: 'Regenerate the endpoint URL',
    description: 'A new endpoint URL; the old one answers 404 as soon as the gateways see the change.',
    tags: envTags,
    params: SourceEnvParams,
    responses: { 201: { description: 'The source environment with its new endpoint.', schema: SourceEnvironmentSchema } },
    errors: [...SOURCE_ENV_NOT_FOUND, 'conflict'],
  });
}
