import { z } from 'zod';

/** Building blocks of the OpenAPI document, shared by its parts. */

export type Json = Record<string, unknown>;

/** A zod schema as JSON Schema (2020-12, which OpenAPI 3.1 uses), as a client sends it. */
export function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Json) => ({ 'application/json': { schema } });
export const ok = (description: string, schema: Json) => ({ description, content: json(schema) });
export const list = (item: Json) => ({ type: 'object', properties: { entries: { type: 'array', items: item } }, required: ['entries'] });
export const dateTime = { type: 'string', format: 'date-time' };
export const nullable = (schema: Json) => ({ anyOf: [schema, { type: 'null' }] });

/** An error answer: the shared body, with the codes this route can answer under that status. */
export const error = (status: string, codes: string[]) => [
  status,
  { description: `Error: ${codes.map((c) => `\`${c}\``).join(', ')}`, content: json({ allOf: [ref('Error')], 'x-error-codes': codes }) },
];

export const UNAUTHENTICATED = error('401', ['unauthenticated']);
export const INVALID_BODY = error('400', ['invalid_request', 'invalid_json']);
export const SOURCE_ENV_NOT_FOUND = error('404', ['source_not_found', 'environment_not_found']);
/** 409 `conflict`: another request changed the resource first, or it is not at the `version` the request named. */
export const CONFLICT = error('409', ['conflict']);

/** The stored version of a configuration resource: one more on each change; a PATCH may name it. */
export const VERSION = { type: 'integer', minimum: 1, description: 'One more on each change. Send it back in a PATCH to be refused with 409 `conflict` if the resource changed since.' };

export const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
export const KEY = pathParam('key', 'The source key.');
export const ENV = pathParam('env', 'The environment name (`development`, `production`, or one created).');

/** One /v1 operation: bearer auth and its 401 always. */
export function op(o: { summary: string; description?: string; tags: string[]; parameters?: Json[]; body?: Json; responses: Json; errors?: unknown[][] }): Json {
  return {
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    tags: o.tags,
    security: [{ bearerAuth: [] }],
    ...(o.parameters ? { parameters: o.parameters } : {}),
    // parseRequest reads an absent body as `{}`: a body is required only when a field is.
    ...(o.body ? { requestBody: { required: Array.isArray(o.body.required) && o.body.required.length > 0, content: json(o.body) } } : {}),
    responses: { ...o.responses, ...Object.fromEntries([...(o.errors ?? []), UNAUTHENTICATED]) },
  };
}
