import { z } from 'zod';
import { IDEMPOTENCY_WINDOW_SECONDS, IdempotencyOutcomeSchema, LogStatusSchema } from '@inlet/contracts';
import { LogsQuery } from './logs/logs-query';
import { RedriveFilterBody } from './logs/redrive.schema';
import { directoryPaths, directorySchemas, DIRECTORY_TAGS } from './directory/directory.openapi';
import { CONFLICT, ENV, INVALID_BODY, KEY, SOURCE_ENV_NOT_FOUND, VERSION, dateTime, error, jsonSchema, list, nullable, ok, op, pathParam, ref, type Json } from './shared/openapi-parts';
import { CreateApiKeyBody } from './api-keys/api-keys.schema';
import { RehearseBody } from './logs/rehearse.schema';
import { CreateSigningKeyBody } from './signing-keys/signing-keys.schema';
import { CreateEnvironmentBody, CreateSourceBody, UpdateSourceBody, UpdateSourceEnvironmentBody } from './sources/sources.schema';

/** The meaning of each log status (kept in step with the doc comment of `LogStatusSchema`). */
const LOG_STATUS_MEANINGS: Record<z.infer<typeof LogStatusSchema>, string> = {
  pending: 'accepted and still moving through the pipeline',
  signature_missing: 'verification enforced and the signature absent (401)',
  signature_invalid: 'verification enforced and the signature wrong (401)',
  invalid_json: 'refused at the edge: the body is not JSON, not UTF-8, or outside the input limits, e.g. nested deeper than 32 levels (400)',
  too_large: 'refused at the edge: the body exceeds max_body_bytes (413)',
  invalid_event: 'refused at the edge: a legacy HTTP body that is not a valid Segment track event (400, naming the field)',
  unsupported_media_type: 'refused at the edge: a legacy HTTP request without `Content-Type: application/json` (415)',
  invalid_path: 'the event type path did not resolve; the event went no further',
  duplicate: 'same idempotency key, type and environment inside the window; no actions ran',
  no_mappings: 'no active mapping for the event type',
  processed: 'every action succeeded',
  partially_failed: 'some actions succeeded, some failed or were skipped for bad data',
  failed: 'no action succeeded, or the source environment was deleted while the event was in flight',
};

const IDEMPOTENCY_OUTCOME_MEANINGS: Record<z.infer<typeof IdempotencyOutcomeSchema>, string> = {
  disabled: 'idempotency is off for the environment',
  no_key: 'no value at the key path: processed normally',
  key_invalid: 'the value was not a string of 1 to 255 characters: dropped, processed normally',
  claimed: 'first sighting inside the window: this event holds the key (given back if the event fails)',
  duplicate: 'same key, event type and environment inside the window: logged, not processed again',
};

/** The query parameters of the logs listing, one per field of `LogsQuery`. */
function logsQueryParameters(): Json[] {
  const schema = jsonSchema(LogsQuery) as { properties: Record<string, Json> };
  const descriptions: Record<string, string> = {
    status: 'Only logs with this status.',
    event_type: 'Only logs of this event type.',
    id: 'Only the log with this id.',
    from: 'Received at or after this time (ISO 8601 with offset).',
    to: 'Received at or before this time (ISO 8601 with offset).',
    limit: 'Page size, 1 to 100 (default 50).',
    cursor: '`page_info.next_cursor` of the previous page.',
  };
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    description: descriptions[name],
    schema: name === 'status' ? ref('LogStatus') : name === 'limit' ? { type: 'integer', minimum: 1, maximum: 100, default: 50 } : s,
  }));
}

const INGESTION = [
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

/** The OpenAPI 3.1 document of the api, as the controllers serve it today. */
export function buildOpenApiDocument(): Json {
  const Source = {
    type: 'object',
    properties: { key: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, type: { enum: ['custom', 'legacy_http'] }, created_at: dateTime, updated_at: dateTime },
    required: ['key', 'name', 'description', 'type', 'created_at', 'updated_at'],
  };
  const Environment = { type: 'object', properties: { name: { type: 'string' }, created_at: dateTime }, required: ['name', 'created_at'] };
  const SourceEnvironment = {
    type: 'object',
    properties: {
      source: { type: 'string' },
      environment: { type: 'string' },
      endpoint: { type: 'string', format: 'uri', description: 'The gateway URL senders post to (read-only).' },
      settings: {
        type: 'object',
        properties: {
          event_type_path: { type: 'string' },
          timestamp_path: nullable({ type: 'string' }),
          max_body_bytes: { type: 'integer' },
          verification: { type: 'object', properties: { enabled: { type: 'boolean' }, header: { type: 'string' } } },
          idempotency: {
            type: 'object',
            description: 'Deduplication by a key in the payload (off by default): the same key, event type and environment within the window is logged as `duplicate` and runs no action. Only events that succeed keep their key.',
            properties: { enabled: { type: 'boolean' }, key_path: nullable({ type: 'string' }), window_seconds: { type: 'integer', default: IDEMPOTENCY_WINDOW_SECONDS.default } },
          },
        },
      },
      created_at: dateTime,
      updated_at: dateTime,
      version: VERSION,
    },
    required: ['source', 'environment', 'endpoint', 'settings', 'created_at', 'updated_at', 'version'],
  };
  const SigningKey = {
    type: 'object',
    properties: { id: { type: 'string' }, prefix: { type: 'string' }, created_at: dateTime, valid_until: nullable(dateTime) },
    required: ['id', 'prefix', 'created_at', 'valid_until'],
  };
  const ApiKey = {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, prefix: { type: 'string' }, created_at: dateTime, revoked_at: nullable(dateTime) },
    required: ['id', 'name', 'prefix', 'created_at', 'revoked_at'],
  };
  const LogSummary = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      event_type: nullable({ type: 'string' }),
      status: ref('LogStatus'),
      received_at: dateTime,
      verification: nullable({ type: 'object' }),
      idempotency: nullable(ref('Idempotency')),
    },
    required: ['id', 'event_type', 'status', 'received_at'],
  };
  const Log = {
    type: 'object',
    description: 'One source log, whole: request, verification, stage timeline (by time) and action logs (in execution order).',
    properties: {
      ...LogSummary.properties,
      source: { type: 'object', properties: { key: { type: 'string' }, environment: { type: 'string' } } },
      event_time: nullable(dateTime),
      time_source: nullable({ type: 'string' }),
      timestamp_issue: nullable({ type: 'string' }),
      rejection: nullable({ type: 'object' }),
      verified_key_id: nullable({ type: 'string', description: 'The signing key that verified the request at the gateway.' }),
      failure: nullable({
        type: 'object',
        description:
          'Why the log is `failed` although its stages did not end it: `dead_lettered` (a stage gave up on a message: its topic and consumer group, the error code and message) or `stalled` (still pending past the threshold: the last stage and what it waits for). Re-drivable.',
        properties: {
          reason: { type: 'string', enum: ['dead_lettered', 'stalled'] },
          stage: nullable({ type: 'object', properties: { topic: { type: 'string' }, consumer_group: nullable({ type: 'string' }) } }),
          code: { type: 'string' },
          message: { type: 'string' },
          last_stage: nullable({ type: 'string' }),
          waiting_for: nullable({ type: 'string' }),
          at: dateTime,
        },
      }),
      redrive: nullable({
        type: 'object',
        description: 'The latest re-drive; each one is also a `redriven` entry of the timeline.',
        properties: { attempt: { type: 'integer' }, requested_at: dateTime, requested_by: { type: 'string', description: '`bootstrap` or the id of the api key.' } },
      }),
      request: nullable({ type: 'object' }),
      timeline: { type: 'array', items: { type: 'object', properties: { stage: { type: 'string' }, at: dateTime, service: { type: 'string' }, detail: {} } } },
      actions: { type: 'array', items: { type: 'object' } },
    },
    required: ['id', 'source', 'status', 'received_at', 'timeline', 'actions'],
  };

  const sources = ['sources'];
  const envs = ['environments'];
  const keys = ['signing keys'];
  const logs = ['logs'];

  return {
    openapi: '3.1.0',
    info: { title: 'Inlet management API', version: '1.0.0', description: INGESTION },
    tags: [{ name: 'sources' }, { name: 'environments' }, { name: 'signing keys' }, { name: 'logs' }, { name: 'event types' }, ...DIRECTORY_TAGS.map((name) => ({ name })), { name: 'api keys' }, { name: 'service' }],
    paths: {
      '/v1/sources': {
        post: op({
          summary: 'Create a source',
          description: 'The new source exists in every environment, each with default settings and its own endpoint.',
          tags: sources,
          body: jsonSchema(CreateSourceBody),
          responses: { '201': ok('The source.', ref('Source')) },
          errors: [INVALID_BODY, error('409', ['source_exists'])],
        }),
        get: op({ summary: 'List sources', tags: sources, responses: { '200': ok('Every source, by key.', list(ref('Source'))) } }),
      },
      '/v1/sources/{key}': {
        get: op({ summary: 'Get a source', tags: sources, parameters: [KEY], responses: { '200': ok('The source.', ref('Source')) }, errors: [error('404', ['source_not_found'])] }),
        patch: op({
          summary: 'Update a source',
          tags: sources,
          parameters: [KEY],
          body: jsonSchema(UpdateSourceBody),
          responses: { '200': ok('The source.', ref('Source')) },
          errors: [INVALID_BODY, error('404', ['source_not_found'])],
        }),
        delete: op({
          summary: 'Delete a source',
          description: 'Deletes it in every environment, with its mappings; its endpoints answer 404 from then on.',
          tags: sources,
          parameters: [KEY],
          responses: { '204': { description: 'Deleted.' } },
          errors: [error('404', ['source_not_found'])],
        }),
      },
      '/v1/environments': {
        post: op({
          summary: 'Create an environment',
          description: 'Every source gets a configuration there, with defaults and a fresh endpoint.',
          tags: envs,
          body: jsonSchema(CreateEnvironmentBody),
          responses: { '201': ok('The environment.', ref('Environment')) },
          errors: [INVALID_BODY, error('409', ['environment_exists'])],
        }),
        get: op({ summary: 'List environments', tags: envs, responses: { '200': ok('Every environment, by name.', list(ref('Environment'))) } }),
      },
      '/v1/sources/{key}/environments/{env}': {
        get: op({
          summary: "Get a source environment's settings and endpoint",
          tags: envs,
          parameters: [KEY, ENV],
          responses: { '200': ok('Settings and the read-only endpoint URL.', ref('SourceEnvironment')) },
          errors: [SOURCE_ENV_NOT_FOUND],
        }),
        patch: op({
          summary: "Update a source environment's settings",
          tags: envs,
          parameters: [KEY, ENV],
          body: jsonSchema(UpdateSourceEnvironmentBody),
          responses: { '200': ok('The source environment.', ref('SourceEnvironment')) },
          errors: [INVALID_BODY, SOURCE_ENV_NOT_FOUND, error('409', ['no_signing_key', 'conflict'])],
        }),
      },
      '/v1/sources/{key}/environments/{env}/rehearse': {
        post: op({
          summary: 'Send a test event through the pipeline',
          description:
            'The payload and headers go through the real pipeline as if posted to the endpoint (no signature needed: the api key authenticates). Refused in production. With `wait=true` the answer comes once the event has left `pending` (up to 15 s) and carries its log.',
          tags: envs,
          parameters: [KEY, ENV, { name: 'wait', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } }],
          body: jsonSchema(RehearseBody),
          responses: {
            '202': ok('The event id, its status, and its log when waited for.', {
              type: 'object',
              properties: { id: { type: 'string' }, status: ref('LogStatus'), log: nullable(ref('Log')) },
              required: ['id', 'status', 'log'],
            }),
          },
          errors: [INVALID_BODY, error('403', ['rehearse_not_allowed']), SOURCE_ENV_NOT_FOUND],
        }),
      },
      '/v1/sources/{key}/environments/{env}/endpoint/regenerate': {
        post: op({
          summary: 'Regenerate the endpoint URL',
          description: 'A new endpoint URL; the old one answers 404 as soon as the gateways see the change.',
          tags: envs,
          parameters: [KEY, ENV],
          responses: { '201': ok('The source environment with its new endpoint.', ref('SourceEnvironment')) },
          errors: [SOURCE_ENV_NOT_FOUND, CONFLICT],
        }),
      },
      '/v1/sources/{key}/environments/{env}/signing-keys': {
        post: op({
          summary: 'Create a signing key',
          description:
            'A new key, shown in full (`secret`) in this answer only. The key it replaces keeps verifying until `previous_valid_until` (at most 7 days ahead), or stops at once without it.',
          tags: keys,
          parameters: [KEY, ENV],
          body: jsonSchema(CreateSigningKeyBody),
          responses: { '201': ok('The key, with its secret.', { allOf: [ref('SigningKey')], properties: { secret: { type: 'string' } }, required: ['secret'] }) },
          errors: [INVALID_BODY, SOURCE_ENV_NOT_FOUND],
        }),
        get: op({
          summary: 'List signing keys',
          description: 'Keys still verifying: the current one and those inside their rotation overlap; by prefix only.',
          tags: keys,
          parameters: [KEY, ENV],
          responses: { '200': ok('The keys.', list(ref('SigningKey'))) },
          errors: [SOURCE_ENV_NOT_FOUND],
        }),
      },
      '/v1/sources/{key}/environments/{env}/signing-keys/{id}': {
        delete: op({
          summary: 'Revoke a signing key',
          description: 'Immediate. The current key cannot be revoked while verification is enforced.',
          tags: keys,
          parameters: [KEY, ENV, pathParam('id', 'The signing key id.')],
          responses: { '204': { description: 'Revoked.' } },
          errors: [error('404', ['source_not_found', 'environment_not_found', 'signing_key_not_found']), error('409', ['verification_enabled'])],
        }),
      },
      '/v1/sources/{key}/environments/{env}/event-types': {
        get: op({
          summary: 'List known event types',
          description: 'Every event type received in the environment: first and last seen, count, a recent sample payload.',
          tags: ['event types'],
          parameters: [KEY, ENV],
          responses: {
            '200': ok(
              'The event types, by name.',
              list({
                type: 'object',
                properties: { event_type: { type: 'string' }, first_seen_at: dateTime, last_seen_at: dateTime, count: { type: 'integer' }, sample: {} },
                required: ['event_type', 'first_seen_at', 'last_seen_at', 'count', 'sample'],
              }),
            ),
          },
          errors: [SOURCE_ENV_NOT_FOUND],
        }),
      },
      '/v1/sources/{key}/environments/{env}/logs': {
        get: op({
          summary: "List a source environment's logs",
          description: 'Newest first. `page_info.next_cursor` (null on the last page) fetches the next page. Unknown query parameters are refused.',
          tags: logs,
          parameters: [KEY, ENV, ...logsQueryParameters()],
          responses: {
            '200': ok('One page of logs.', {
              type: 'object',
              properties: {
                entries: { type: 'array', items: ref('LogSummary') },
                page_info: { type: 'object', properties: { next_cursor: nullable({ type: 'string' }) }, required: ['next_cursor'] },
              },
              required: ['entries', 'page_info'],
            }),
          },
          errors: [error('400', ['invalid_request']), SOURCE_ENV_NOT_FOUND],
        }),
      },
      '/v1/sources/{key}/environments/{env}/logs/{id}': {
        get: op({
          summary: 'Get one log of a source environment',
          tags: logs,
          parameters: [KEY, ENV, pathParam('id', 'The log id.')],
          responses: { '200': ok('The log.', ref('Log')) },
          errors: [error('404', ['source_not_found', 'environment_not_found', 'log_not_found'])],
        }),
      },
      '/v1/sources/{key}/environments/{env}/logs/{id}/redrive': {
        post: op({
          summary: 'Re-drive one failed event',
          description:
            'Sends a `failed` or `partially_failed` event through the pipeline again, under the current configuration, with the same event id: actions that already succeeded are not executed again, and its idempotency claim still holds. The event-log records the re-drive (attempt, when, by whom) in the timeline and forgets the outcome of what the new attempt rebuilds; the status is `pending` until it ends again.',
          tags: logs,
          parameters: [KEY, ENV, pathParam('id', 'The log id.')],
          responses: {
            '202': ok('The re-drive was published.', {
              type: 'object',
              properties: { id: { type: 'string' }, attempt: { type: 'integer' }, status: { type: 'string', enum: ['pending'] } },
              required: ['id', 'attempt', 'status'],
            }),
          },
          errors: [
            error('404', ['source_not_found', 'environment_not_found', 'log_not_found']),
            error('409', ['not_redrivable', 'body_not_kept']),
          ],
        }),
      },
      '/v1/sources/{key}/environments/{env}/logs/redrive': {
        post: op({
          summary: 'Re-drive the failed events that match a filter',
          description:
            'Re-drives every `failed` or `partially_failed` log of the environment that matches the filter, oldest first, up to `limit` (default 100, at most 1000). Logs that cannot be re-driven (the body was too large to keep) are listed with the reason.',
          tags: logs,
          parameters: [KEY, ENV],
          body: jsonSchema(RedriveFilterBody),
          responses: {
            '202': ok('What was re-driven and what could not be.', {
              type: 'object',
              properties: {
                redriven: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, attempt: { type: 'integer' } } } },
                skipped: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
              },
              required: ['redriven', 'skipped'],
            }),
          },
          errors: [INVALID_BODY, SOURCE_ENV_NOT_FOUND],
        }),
      },
      '/v1/logs/{id}': {
        get: op({
          summary: 'Get one log',
          tags: logs,
          parameters: [pathParam('id', 'The log id.')],
          responses: { '200': ok('The log.', ref('Log')) },
          errors: [error('404', ['log_not_found'])],
        }),
      },
      ...directoryPaths(),
      '/v1/api-keys': {
        post: op({
          summary: 'Create an API key',
          description: 'The key is shown in full (`key`) in this answer only; it is stored as a SHA-256 hash.',
          tags: ['api keys'],
          body: jsonSchema(CreateApiKeyBody),
          responses: { '201': ok('The key, with its secret.', { allOf: [ref('ApiKey')], properties: { key: { type: 'string' } }, required: ['key'] }) },
          errors: [INVALID_BODY],
        }),
        get: op({ summary: 'List API keys', description: 'By prefix, revoked ones included, oldest first.', tags: ['api keys'], responses: { '200': ok('The keys.', list(ref('ApiKey'))) } }),
      },
      '/v1/api-keys/{id}': {
        delete: op({
          summary: 'Revoke an API key',
          tags: ['api keys'],
          parameters: [pathParam('id', 'The API key id.')],
          responses: { '204': { description: 'Revoked.' } },
          errors: [error('404', ['api_key_not_found'])],
        }),
      },
      '/health': {
        get: { summary: 'Liveness', tags: ['service'], security: [], responses: { '200': ok('The process serves HTTP.', { type: 'object', properties: { status: { const: 'ok' } } }) } },
      },
      '/ready': {
        get: {
          summary: 'Readiness',
          tags: ['service'],
          security: [],
          responses: { '200': ok('Every check passes.', { type: 'object' }), '503': ok('A check fails or the service is shutting down.', { type: 'object' }) },
        },
      },
      '/openapi.json': { get: { summary: 'This document', tags: ['service'], security: [], responses: { '200': ok('The OpenAPI document.', { type: 'object' }) } } },
      '/docs': { get: { summary: 'This document as an HTML page', tags: ['service'], security: [], responses: { '200': { description: 'HTML.', content: { 'text/html': {} } } } } },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The bootstrap key (`INLET_API_KEY`) or a key created with `POST /v1/api-keys`.' } },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
          required: ['error'],
        },
        LogStatus: {
          type: 'string',
          enum: [...LogStatusSchema.options],
          description: LogStatusSchema.options.map((s) => `- \`${s}\`: ${LOG_STATUS_MEANINGS[s]}`).join('\n'),
        },
        Idempotency: {
          type: 'object',
          description: "The idempotency check of the event. A duplicate's log has status `duplicate`, names the event holding the key, and has no actions.",
          properties: {
            outcome: { type: 'string', enum: [...IdempotencyOutcomeSchema.options], description: IdempotencyOutcomeSchema.options.map((o) => `- \`${o}\`: ${IDEMPOTENCY_OUTCOME_MEANINGS[o]}`).join('\n') },
            key: nullable({ type: 'string' }),
            detail: nullable({ type: 'string', description: 'Why the value at the key path was dropped.' }),
            original_event_id: nullable({ type: 'string', description: 'For a duplicate: the event that holds the key.' }),
          },
          required: ['outcome', 'key', 'detail', 'original_event_id'],
        },
        ...directorySchemas(),
        Source,
        Environment,
        SourceEnvironment,
        SigningKey,
        ApiKey,
        LogSummary,
        Log,
      },
    },
  };
}
