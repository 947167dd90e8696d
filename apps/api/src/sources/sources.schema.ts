import { z } from 'zod';
import { IDEMPOTENCY_WINDOW_SECONDS, SourceTypeSchema } from '@inlet/contracts';
import { ExpectedVersion, Key, Path } from '../shared/request-fields.schema';
import { IsoDateTime, Version } from '../shared/response-fields.schema';

/** Request bodies of the sources and environments API (snake_case on the wire; unknown fields are refused), then its responses. */

export const CreateSourceBody = z
  .object({
    key: Key,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
    type: SourceTypeSchema.default('custom'),
  })
  .strict();

export const UpdateSourceBody = z.object({ name: z.string().min(1).max(200).optional(), description: z.string().max(2000).optional() }).strict();

export const CreateEnvironmentBody = z.object({ name: Key }).strict();

export const UpdateSourceEnvironmentBody = z
  .object({
    event_type_path: Path.optional(),
    timestamp_path: Path.nullable().optional(),
    max_body_bytes: z.number().int().positive().max(16 * 1024 * 1024).optional(),
    verification: z
      .object({
        enabled: z.boolean().optional(),
        header: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, { error: 'expected an HTTP header name' }).optional(),
      })
      .strict()
      .optional(),
    idempotency: z
      .object({
        enabled: z.boolean().optional(),
        /** Where the key is: a dot path over the body or `headers.<name>`. */
        key_path: Path.nullable().optional(),
        window_seconds: z.number().int().min(IDEMPOTENCY_WINDOW_SECONDS.min).max(IDEMPOTENCY_WINDOW_SECONDS.max).optional(),
      })
      .strict()
      .optional(),
    version: ExpectedVersion,
  })
  .strict();

/* Responses: what the presenters of sources.service.ts build, and the OpenAPI document shows. */

export const SourceSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    type: SourceTypeSchema,
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
  })
  .meta({ id: 'Source' });
export type Source = z.infer<typeof SourceSchema>;

export const EnvironmentSchema = z.object({ name: z.string(), created_at: IsoDateTime }).meta({ id: 'Environment' });
export type Environment = z.infer<typeof EnvironmentSchema>;

export const SourceEnvironmentSchema = z
  .object({
    source: z.string(),
    environment: z.string(),
    endpoint: z.url().meta({ description: 'The gateway URL senders post to (read-only).' }),
    settings: z.object({
      event_type_path: z.string(),
      timestamp_path: z.string().nullable(),
      max_body_bytes: z.number().int(),
      verification: z.object({ enabled: z.boolean(), header: z.string() }),
      idempotency: z
        .object({ enabled: z.boolean(), key_path: z.string().nullable(), window_seconds: z.number().int().meta({ default: IDEMPOTENCY_WINDOW_SECONDS.default }) })
        .meta({
          description:
            'Deduplication by a key in the payload (off by default): the same key, event type and environment within the window is logged as `duplicate` and runs no action. Only events that succeed keep their key.',
        }),
    }),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
    version: Version,
  })
  .meta({ id: 'SourceEnvironment' });
export type SourceEnvironment = z.infer<typeof SourceEnvironmentSchema>;
